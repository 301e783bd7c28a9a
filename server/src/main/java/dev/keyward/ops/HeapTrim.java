package dev.keyward.ops;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * Gives back the heap that starting up used and an idle server does not need. Start-up (Flyway,
 * Jetty, the first JIT work) fills a young generation sized for a quarter of the machine's memory,
 * and the JVM keeps every page it touched: an idle Keyward held 170-210 MB, most of it empty heap.
 * After the server is ready this lowers the heap's free-space ratios (only those still at the
 * JVM's defaults, so an operator's -XX options win) and runs one collection, which shrinks the heap
 * to what is live plus that margin; with G1 a periodic collection does the same after a burst of
 * load once the server has been idle for a minute. These flags are "manageable": any JVM accepts
 * them at run time, so {@code java -jar} users get this without options.
 */
public final class HeapTrim {
    private static final Logger LOG = LoggerFactory.getLogger(HeapTrim.class);
    /** Flag and value, applied in this order: MaxHeapFreeRatio may never go below MinHeapFreeRatio. */
    private static final String[][] FLAGS = {
        {"MinHeapFreeRatio", "10"}, {"MaxHeapFreeRatio", "30"}, {"G1PeriodicGCInterval", "60000"}};

    private HeapTrim() {
    }

    public static void afterStart() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            for (String[] flag : FLAGS) {
                VMOption option = vm.getVMOption(flag[0]);
                if (option.getOrigin() == VMOption.Origin.DEFAULT && option.isWriteable()) {
                    vm.setVMOption(flag[0], flag[1]);
                }
            }
        } catch (RuntimeException e) {
            // Another JVM, or flags it does not know: keep its defaults.
            LOG.debug("heap flags left at their defaults: {}", e.toString());
        }
        System.gc();
        trimNativeHeap();
    }

    /**
     * Returns the C heap that start-up freed (Flyway, the JIT's arenas) to the operating system:
     * glibc keeps freed memory for reuse, about 10 MB here. The diagnostic command exists from
     * JDK 17.0.9 (as {@code jcmd <pid> System.trim_native_heap}); older JVMs skip it.
     */
    private static void trimNativeHeap() {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            LOG.debug("native heap not trimmed: {}", e.toString());
        }
    }
}
