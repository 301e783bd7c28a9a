package dev.keyward.db;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DAOs shared by every handle of a Jdbi must still run each call on the caller's own handle. */
class DaosTest {
    public interface Notes {
        @SqlUpdate("INSERT INTO notes (body) VALUES (?)")
        void add(String body);

        @SqlQuery("SELECT count(*) FROM notes")
        int count();
    }

    private Jdbi jdbi;
    private Handle keeper;

    @BeforeEach
    void database() {
        jdbi = Jdbi.create("jdbc:h2:mem:daos" + System.nanoTime() + ";DB_CLOSE_DELAY=-1").installPlugin(new SqlObjectPlugin());
        keeper = jdbi.open();
        keeper.execute("CREATE TABLE notes (body VARCHAR(100))");
    }

    @AfterEach
    void close() {
        keeper.close();
    }

    @Test
    void insideACallbackEveryHandleGetsTheOneSharedDaoAndItsCallsRunOnThatHandle() {
        Notes first = jdbi.inTransaction(h -> {
            Notes dao = Daos.of(h, Notes.class);
            dao.add("a");
            assertThat(dao.count()).isEqualTo(1);
            h.rollback();
            return dao;
        });
        Notes second = jdbi.withHandle(h -> Daos.of(h, Notes.class));
        assertThat(second).isSameAs(first);
        int left = jdbi.withHandle(h -> Daos.of(h, Notes.class).count());
        assertThat(left).as("the rollback reached the insert").isZero();
    }

    @Test
    void concurrentTransactionsEachSeeOnlyTheirOwnUncommittedRows() throws Exception {
        CountDownLatch bothInserted = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> a = pool.submit(() -> insertAndCount(bothInserted, 1));
            Future<Integer> b = pool.submit(() -> insertAndCount(bothInserted, 3));
            assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    private int insertAndCount(CountDownLatch bothInserted, int rows) throws InterruptedException {
        return jdbi.inTransaction(h -> {
            for (int i = 0; i < rows; i++) {
                Daos.of(h, Notes.class).add("row " + i);
            }
            bothInserted.countDown();
            assertThat(bothInserted.await(10, TimeUnit.SECONDS)).isTrue();
            int seen = Daos.of(h, Notes.class).count();
            h.rollback();
            return seen;
        });
    }

    @Test
    void aHandleOpenedOutsideACallbackGetsADaoOfItsOwn() {
        Notes shared = jdbi.withHandle(h -> Daos.of(h, Notes.class));
        try (Handle own = jdbi.open()) {
            own.begin();
            Notes dao = Daos.of(own, Notes.class);
            assertThat(dao).isNotSameAs(shared);
            dao.add("own");
            assertThat(dao.count()).isEqualTo(1);
            own.rollback();
        }
        assertThat(keeper.createQuery("SELECT count(*) FROM notes").mapTo(Integer.class).one()).isZero();
    }

    @Test
    void aSharedDaoKeptPastItsCallbackRefusesToRun() {
        Notes kept = jdbi.withHandle(h -> Daos.of(h, Notes.class));
        assertThatThrownBy(kept::count).isInstanceOf(IllegalStateException.class).hasMessageContaining("outside");
    }
}
