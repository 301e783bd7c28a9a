package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlPlansTest {
    private static final String LOG = String.join("\n",
            "2026-11-30 13:50:00.100 UTC [4242] postgres@kw LOG:  duration: 0.050 ms  parse <unnamed>: SELECT * FROM users WHERE project_id = $1 AND email_key = $2",
            "2026-11-30 13:50:00.101 UTC [4242] postgres@kw LOG:  duration: 0.040 ms  bind <unnamed>: SELECT * FROM users WHERE project_id = $1 AND email_key = $2",
            "2026-11-30 13:50:00.101 UTC [4242] postgres@kw DETAIL:  parameters: $1 = 'abc', $2 = 'o''brien@x.test'",
            "2026-11-30 13:50:00.102 UTC [4242] postgres@kw LOG:  duration: 0.030 ms  execute <unnamed>: SELECT * FROM users WHERE project_id = $1 AND email_key = $2",
            "2026-11-30 13:50:00.102 UTC [4242] postgres@kw DETAIL:  parameters: $1 = 'abc', $2 = 'o''brien@x.test'",
            "2026-11-30 13:50:00.103 UTC [4242] postgres@kw LOG:  duration: 0.030 ms  execute S_3: UPDATE otp_codes SET closed_at = $1",
            "\tWHERE project_id = $2 AND purpose IN ($3,$4)",
            "2026-11-30 13:50:00.103 UTC [4242] postgres@kw DETAIL:  parameters: $1 = '17', $2 = 'abc', $3 = 'reset', $4 = NULL",
            "2026-11-30 13:50:00.104 UTC [4242] postgres@kw LOG:  duration: 0.030 ms  execute S_3: UPDATE otp_codes SET closed_at = $1",
            "\tWHERE project_id = $2 AND purpose IN ($3)",
            "2026-11-30 13:50:00.104 UTC [4242] postgres@kw DETAIL:  parameters: $1 = '18', $2 = 'abc', $3 = 'reset'",
            "2026-11-30 13:50:00.105 UTC [4242] postgres@kw LOG:  duration: 0.010 ms  statement: BEGIN",
            "2026-11-30 13:50:00.106 UTC [9999] other@elsewhere LOG:  duration: 0.010 ms  execute <unnamed>: SELECT secret FROM theirs");

    @Test
    void readsStatementsAndTheirParametersOfThisDatabasesBackendsOnly() {
        Map<String, SqlPlans.Statement> seen = new LinkedHashMap<>();

        SqlPlans.parse(LOG, "request-OTP", Set.of("4242"), seen);

        List<SqlPlans.Statement> st = new ArrayList<>(seen.values());
        assertThat(st).hasSize(2);
        assertThat(st.get(0).sql()).isEqualTo("SELECT * FROM users WHERE project_id = $1 AND email_key = $2");
        assertThat(st.get(0).params()).containsExactly("abc", "o'brien@x.test");
        assertThat(st.get(0).step()).isEqualTo("request-OTP");
        // Multi-line text, and one statement whatever the length of its IN list (the first one seen).
        assertThat(st.get(1).sql()).isEqualTo("UPDATE otp_codes SET closed_at = $1\nWHERE project_id = $2 AND purpose IN ($3,$4)");
        assertThat(st.get(1).params()).containsExactly("17", "abc", "reset", null);
    }

    @Test
    void condensesAPlanAndTakesTheRootsBuffers() {
        String explain = String.join("\n",
                "Update on otp_codes (actual rows=0 loops=1)",
                "  Buffers: shared hit=6 read=1 dirtied=1",
                "  ->  Index Scan using otp_codes_lookup on otp_codes (actual rows=1 loops=1)",
                "        Index Cond: (((email_key)::text = $3) AND ((project_id)::text = $2))",
                "        Buffers: shared hit=4",
                "Planning:",
                "  Buffers: shared hit=40",
                "Execution Time: 0.1 ms");
        SqlPlans.Statement st = new SqlPlans.Statement("UPDATE otp_codes SET closed_at = $1", "request-OTP", List.of());

        SqlPlans.Plan p = SqlPlans.condense(st, explain, Map.of("otp_codes", 5_000_000L));

        assertThat(p.nodes()).containsExactly("Update on otp_codes [7 buffers]",
                "Index Scan using otp_codes_lookup on otp_codes [4 buffers]");
        assertThat(p.buffers()).isEqualTo(7);
        assertThat(p.seqScans()).isEmpty();
        assertThat(p.ok()).isTrue();
    }

    @Test
    void aSeqScanOfALargeTableOrTooManyBuffersMisses() {
        SqlPlans.Statement st = new SqlPlans.Statement("SELECT * FROM users WHERE email = $1", "login", List.of());
        String seq = "Seq Scan on users (actual rows=1 loops=1)\n  Filter: ((email)::text = $1)\n  Buffers: shared hit=90 read=20";

        SqlPlans.Plan big = SqlPlans.condense(st, seq, Map.of("users", 1_000_000L));
        SqlPlans.Plan small = SqlPlans.condense(st, seq, Map.of("users", 500L));

        assertThat(big.seqScans()).containsExactly("users (1000000 rows)");
        assertThat(big.ok()).isFalse();
        assertThat(small.seqScans()).isEmpty();
        assertThat(small.buffers()).isEqualTo(110);
        assertThat(small.ok()).as("over %d buffers", SqlPlans.BUFFER_BOUND).isFalse();
    }

    @Test
    void anErrorIsAMissNotACrash() {
        SqlPlans.Statement st = new SqlPlans.Statement("INSERT INTO t VALUES ($1)", "login", List.of("1"));

        SqlPlans.Plan p = SqlPlans.condense(st, "psql:<stdin>:3: ERROR:  duplicate key value violates unique constraint \"t_pkey\"", Map.of());

        assertThat(p.error()).startsWith("duplicate key value");
        assertThat(p.ok()).isFalse();
    }

    @Test
    void janitorStatementsAreTheOnesThatNameNoProject() {
        assertThat(SqlPlans.isJanitor("DELETE FROM otp_codes WHERE id IN ($1, $2)")).isTrue();
        assertThat(SqlPlans.isJanitor("SELECT id FROM otp_codes WHERE expires_at < $1 ORDER BY expires_at LIMIT $2")).isTrue();
        assertThat(SqlPlans.isJanitor("DELETE FROM otp_codes WHERE project_id = $1 AND email_key = $2")).isFalse();
        assertThat(SqlPlans.isJanitor("SELECT * FROM users WHERE project_id = $1 AND email_key = $2")).isFalse();
    }
}
