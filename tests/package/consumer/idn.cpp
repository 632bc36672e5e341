// A program built against the installed package's IDN library (and so libidn2): a name both
// ways, and an invalid one refused.
#include <regru/idn/idn.hpp>

#include <iostream>

int main() {
    auto ascii = regru::idn::to_ascii("пример.рф");
    if (ascii != "xn--e1afmkfd.xn--p1ai" || regru::idn::to_unicode(ascii) != "пример.рф") {
        std::cerr << "unexpected: " << ascii << '\n';
        return 1;
    }
    try {
        regru::idn::converter()->to_ascii("qqйй.com");
    } catch (const regru::idn::invalid_name& e) {
        std::cout << "idn: " << ascii << "; " << e.what() << '\n';
        return 0;
    }
    std::cerr << "qqйй.com was not refused\n";
    return 1;
}
