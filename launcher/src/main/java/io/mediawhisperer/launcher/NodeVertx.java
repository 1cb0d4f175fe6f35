package io.mediawhisperer.launcher;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.mediawhisperer.config.ConfigKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Arrays;
import java.util.List;

/**
 * Makes the Vert.x of a node: with Prometheus metrics, and, when {@code cluster} is set, joined
 * to a Hazelcast cluster through a static member list only (no multicast, no auto-detection, no
 * phone-home), everything bound to {@code cluster-host}.
 */
public final class NodeVertx {

  private NodeVertx() {
  }

  public static Future<Vertx> create(JsonObject config) {
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    var builder = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory());
    if (!config.getBoolean(ConfigKeys.CLUSTER.name(), false)) {
      return Future.succeededFuture(builder.build());
    }
    String host = config.getString(ConfigKeys.CLUSTER_HOST.name(), "127.0.0.1");
    options.getEventBusOptions().setHost(host).setClusterPublicHost(host);
    return builder.withClusterManager(new HazelcastClusterManager(hazelcast(config))).buildClustered();
  }

  static Config hazelcast(JsonObject config) {
    String host = config.getString(ConfigKeys.CLUSTER_HOST.name(), "127.0.0.1");
    List<String> members = Arrays.stream(config.getString(ConfigKeys.CLUSTER_MEMBERS.name(), host).split(","))
        .map(String::trim).filter(m -> !m.isEmpty()).toList();
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName("mediawhisperer");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.local.localAddress", host);
    hz.setProperty("hazelcast.wait.seconds.before.join", "1");
    hz.setProperty("hazelcast.shutdownhook.enabled", "false");
    NetworkConfig network = hz.getNetworkConfig();
    network.setPort(config.getInteger(ConfigKeys.CLUSTER_PORT.name(), 5701)).setPortAutoIncrement(true);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    return hz;
  }
}
