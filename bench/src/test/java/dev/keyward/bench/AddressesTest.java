package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressesTest {
    @Test
    void twoRangesOfOneRunNeverShareAnAddress() {
        Addresses main = new Addresses(2);
        Addresses compat = new Addresses(2, 4, "compat-nobody");
        assertThat(main.nextKnown()).isEqualTo("user0@bench.test");
        assertThat(compat.nextKnown()).isEqualTo("user2@bench.test");
        assertThat(compat.knownLeft()).isEqualTo(1);
        assertThat(compat.nextKnown()).isEqualTo("user3@bench.test");
        assertThatThrownBy(compat::nextKnown).hasMessageContaining("ran out of seeded users");
        assertThat(main.nextUnknown()).isEqualTo("nobody0@unknown.test");
        assertThat(compat.nextUnknown()).isEqualTo("compat-nobody0@unknown.test");
    }
}
