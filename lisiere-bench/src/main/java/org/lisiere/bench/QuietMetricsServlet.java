package org.lisiere.bench;

import com.codahale.metrics.MetricRegistry;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.metrics.sink.MetricsServlet;
import org.sparkproject.jetty.servlet.ServletContextHandler;

/**
 * Spark's metrics servlet without its HTTP handler: Spark 4 builds that handler on the servlet 5 API even with its UI
 * off, and the bench's class path holds the servlet 6 API of Lisière's own server (Jetty 12), where it cannot load.
 * Set as {@code spark.metrics.conf.*.sink.servlet.class} for the Spark MLlib peer.
 */
public final class QuietMetricsServlet extends MetricsServlet {
    public QuietMetricsServlet(Properties property, MetricRegistry registry) {
        super(property, registry);
    }

    @Override
    public ServletContextHandler[] getHandlers(SparkConf conf) {
        return new ServletContextHandler[0];
    }
}
