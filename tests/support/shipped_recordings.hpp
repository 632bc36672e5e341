// The recordings shipped in mocks/recordings, loaded once per test program.
#pragma once

#include <regru/mocks/recordings.hpp>

namespace regru::testing {

inline const mocks::recording_set& shipped() {
    static const auto set = mocks::recording_set::from_directory(REGRU_TEST_RECORDINGS_DIR);
    return set;
}

}  // namespace regru::testing
