package dev.keyward.db;

import org.jdbi.v3.core.Handle;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code Handle.attach}, once per handle and DAO type. Attaching builds a proxy and an invoker for
 * every method of the interface, which costs about as much CPU as running a statement; a request's
 * transaction asks for the same DAO several times (the address lock and its update, closing the
 * open codes and inserting the new one). The memo is per thread and remembers only the handle it
 * was last used with, so it never hands out a DAO attached to another handle.
 */
public final class Daos {
    private static final ThreadLocal<Memo> MEMO = ThreadLocal.withInitial(Memo::new);

    private static final class Memo {
        private Handle handle;
        private final Map<Class<?>, Object> attached = new HashMap<>();
    }

    private Daos() {
    }

    public static <T> T of(Handle h, Class<T> type) {
        Memo memo = MEMO.get();
        if (memo.handle != h) {
            memo.handle = h;
            memo.attached.clear();
        }
        Object dao = memo.attached.get(type);
        if (dao == null) {
            dao = h.attach(type);
            memo.attached.put(type, dao);
        }
        return type.cast(dao);
    }
}
