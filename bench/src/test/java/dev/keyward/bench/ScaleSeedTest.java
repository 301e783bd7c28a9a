package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScaleSeedTest {

    @Test
    void userIdsAre24HexDigitsAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int p = 0; p < 50; p++) {
            for (int k = 0; k < 2000; k++) {
                String id = ScaleSeed.userId(p, k);
                assertThat(id).matches("[0-9a-f]{24}");
                ids.add(id);
            }
        }
        assertThat(ids).hasSize(100_000);
        assertThat(ScaleSeed.userId(3, 7)).isEqualTo(ScaleSeed.userId(3, 7));
    }

    @Test
    void shapesOfCopyTextValues() {
        assertThat(ScaleSeed.shape("\\N")).isEqualTo("null");
        assertThat(ScaleSeed.shape("1764500000000")).isEqualTo("digits(13)");
        assertThat(ScaleSeed.shape("65f0a1b2c3d4e5f601234567")).isEqualTo("hex(24)");
        assertThat(ScaleSeed.shape("user5@bench.test")).isEqualTo("lower-case address");
        assertThat(ScaleSeed.shape("User5@Bench.test")).isEqualTo("text");
    }

    @Test
    void aCopyDiffersOnlyInItsPerRowColumns() {
        List<String> cols = List.of("id", "email", "email_key", "role", "email_verified", "created_at");
        ScaleSeed.Template server = new ScaleSeed.Template(cols,
                new String[] {"65f0a1b2c3d4e5f601234567", "user1@bench.test", "user1@bench.test", "user", "t", "1764500000000"});
        ScaleSeed.Template copy = new ScaleSeed.Template(cols,
                new String[] {"c0de0000aabbccddeeff0011", "user9@bench.test", "user9@bench.test", "user", "t", "1700000000000"});
        List<String> varying = List.of("id", "email", "email_key", "created_at");

        assertThat(ScaleSeed.shapeDifferences(server, copy, varying)).isEmpty();

        ScaleSeed.Template unverified = new ScaleSeed.Template(cols,
                new String[] {"c0de0000aabbccddeeff0011", "user9@bench.test", "user9@bench.test", "user", "f", "1700000000000"});
        assertThat(ScaleSeed.shapeDifferences(server, unverified, varying)).containsExactly("email_verified: 't' vs 'f'");

        ScaleSeed.Template noTime = new ScaleSeed.Template(cols,
                new String[] {"c0de0000aabbccddeeff0011", "user9@bench.test", "user9@bench.test", "user", "t", "\\N"});
        assertThat(ScaleSeed.shapeDifferences(server, noTime, varying)).containsExactly("created_at (shape): digits(13) vs null");
    }

    @Test
    void aTemplateWithoutItsIdentityColumn() {
        ScaleSeed.Template t = new ScaleSeed.Template(List.of("id", "a", "b"), new String[] {"1", "x", "y"}).without("id");

        assertThat(t.columns).containsExactly("a", "b");
        assertThat(t.values).containsExactly("x", "y");
    }
}
