package dev.keyward.db;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.config.JdbiConfig;
import org.jdbi.v3.core.extension.ExtensionContext;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.core.extension.HandleSupplier;
import org.jdbi.v3.core.extension.NoSuchExtensionException;

import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * SqlObject DAOs, attached once per {@link Jdbi} instead of once per handle. {@code Handle.attach}
 * builds a proxy with an invoker and a copy of the whole configuration for every method of the
 * interface; a password-reset request used seven DAOs, and attaching them was over 40 % of the
 * server's CPU for it (JFR, 8 connections). Here each DAO type is attached once, to a handle
 * supplier that runs every call on the handle Jdbi has bound to the calling thread: Jdbi binds
 * the handle of {@code jdbi.withHandle} and {@code jdbi.inTransaction} (and of any call nested in
 * them) to its {@link Jdbi#getHandleScope() handle scope} for as long as the callback runs.
 *
 * <p>{@link #of} hands out the shared DAO only when the handle it is given is that bound handle,
 * so a statement can never run on another connection or transaction than the caller's; for any
 * other handle it attaches to that handle as {@code Handle.attach} does. A DAO from here belongs
 * to the callback it was obtained in: keep it no longer than that.
 */
public final class Daos implements JdbiConfig<Daos> {
    private final ConcurrentMap<Class<?>, Object> shared = new ConcurrentHashMap<>();

    /** Jdbi creates the one instance in its root configuration; nobody else should. */
    public Daos() {
    }

    /** Every copy of a Jdbi's configuration (one per handle and statement) shares the attached DAOs. */
    @Override
    public Daos createCopy() {
        return this;
    }

    public static <T> T of(Handle h, Class<T> type) {
        Jdbi jdbi = h.getJdbi();
        HandleSupplier bound = jdbi.getHandleScope().get();
        if (bound == null || bound.getHandle() != h) {
            return h.attach(type);
        }
        // The root configuration, not the handle's copy, so the cache lives as long as the Jdbi.
        Object dao = jdbi.getConfig(Daos.class).shared.computeIfAbsent(type, t -> jdbi.getConfig(Extensions.class)
                .findFor(t, new BoundHandle(jdbi))
                .orElseThrow(() -> new NoSuchExtensionException(t)));
        return type.cast(dao);
    }

    /** The handle Jdbi has bound to the calling thread, asked for anew on every DAO call. */
    private record BoundHandle(Jdbi jdbi) implements HandleSupplier {
        @Override
        public Handle getHandle() {
            return bound().getHandle();
        }

        @Override
        public Jdbi getJdbi() {
            return jdbi;
        }

        @Override
        public ConfigRegistry getConfig() {
            return jdbi.getConfig();
        }

        @Override
        public <V> V invokeInContext(ExtensionContext context, Callable<V> task) throws Exception {
            return bound().invokeInContext(context, task);
        }

        private HandleSupplier bound() {
            HandleSupplier s = jdbi.getHandleScope().get();
            if (s == null) {
                throw new IllegalStateException("a shared DAO was called outside the jdbi.withHandle or inTransaction "
                        + "callback it was obtained in");
            }
            return s;
        }
    }
}
