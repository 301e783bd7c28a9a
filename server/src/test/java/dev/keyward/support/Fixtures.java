package dev.keyward.support;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Small helpers to set up projects and unique addresses. */
public final class Fixtures {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Fixtures() {
    }

    public static String[] operator() {
        return new String[] {"Authorization", "Bearer " + TestServer.OPERATOR_TOKEN};
    }

    public static String[] key(String adminKey) {
        return new String[] {"X-API-Key", adminKey};
    }

    public record CreatedProject(String id, String adminKey) { }

    public static CreatedProject project(Api api, boolean requireVerification) {
        Resp r = api.post("/api/admin/projects", Map.of("name", "Test " + SEQ.incrementAndGet(),
                "requireEmailVerification", requireVerification), operator());
        if (r.status() != 201) {
            throw new AssertionError("project creation failed: " + r);
        }
        return new CreatedProject(r.field("id"), r.field("adminKey"));
    }

    public static String uniqueEmail(String prefix) {
        return prefix + "." + System.nanoTime() + "." + SEQ.incrementAndGet() + "@example.com";
    }
}
