#include <regru/api/log.hpp>
