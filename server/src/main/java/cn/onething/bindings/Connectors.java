package cn.onething.bindings;

import cn.onething.connector.Connector;
import cn.onething.connector.ConnectorContext;
import cn.onething.connector.ConnectorFactory;
import cn.onething.connector.SchemaCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 连接器目录 — the connectors this server can call through: those on its class path (the built-in
 * {@code http-json}) and those in jars dropped into the plugins directory, each found with
 * {@link ServiceLoader}. A plugin built for another SPI version, one that fails to load, or one
 * that claims a type already taken is refused with a log line; the server still starts.
 */
public final class Connectors {
  private static final Logger LOG = LoggerFactory.getLogger(Connectors.class);

  /** One usable connector and where it came from ({@code 内置} or the jar's file name). */
  public record Installed(ConnectorFactory factory, Connector connector, String source) {}

  private final Map<String, Installed> byType;
  private final List<URLClassLoader> loaders;

  private Connectors(Map<String, Installed> byType, List<URLClassLoader> loaders) {
    this.byType = byType;
    this.loaders = loaders;
  }

  /** Finds and creates every connector; {@code pluginsDir} may be null or missing. */
  public static Connectors load(Vertx vertx, Path pluginsDir, SchemaCheck schemas) {
    ConnectorContext context = new ConnectorContext() {
      @Override
      public Vertx vertx() {
        return vertx;
      }

      @Override
      public SchemaCheck schemas() {
        return schemas;
      }
    };
    Map<String, Installed> byType = new LinkedHashMap<>();
    List<URLClassLoader> loaders = new ArrayList<>();
    install(ServiceLoader.load(ConnectorFactory.class, Connectors.class.getClassLoader()), "内置", context, byType);
    for (Path jar : jars(pluginsDir)) {
      try {
        URLClassLoader loader = new URLClassLoader("connector:" + jar.getFileName(), new URL[] {jar.toUri().toURL()},
            Connectors.class.getClassLoader());
        loaders.add(loader);
        // Only the factories the jar itself lists: the parent's (built-in) ones are already in.
        List<ConnectorFactory> own = new ArrayList<>();
        ServiceLoader.load(ConnectorFactory.class, loader).stream()
            .filter(p -> p.type().getClassLoader() == loader)
            .forEach(p -> own.add(p.get()));
        if (own.isEmpty()) {
          LOG.warn("插件 {} 中没有连接器（缺少 META-INF/services/{}），已忽略", jar, ConnectorFactory.class.getName());
        }
        install(own, jar.getFileName().toString(), context, byType);
      } catch (MalformedURLException | ServiceConfigurationError | LinkageError e) {
        LOG.error("无法加载连接器插件 {}：{}", jar, e.toString());
      }
    }
    LOG.info("连接器：{}", byType.values().stream().map(i -> i.factory().type() + "（" + i.source() + "）").toList());
    return new Connectors(byType, loaders);
  }

  private static void install(Iterable<ConnectorFactory> factories, String source, ConnectorContext context,
      Map<String, Installed> byType) {
    try {
      for (ConnectorFactory factory : factories) {
        String type = factory.type();
        if (factory.apiVersion() != ConnectorFactory.API_VERSION) {
          LOG.error("连接器 {}（{}）按 SPI 第 {} 版编写，本服务器是第 {} 版，已拒绝加载", type, source,
              factory.apiVersion(), ConnectorFactory.API_VERSION);
        } else if (type == null || !type.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
          LOG.error("连接器类型名“{}”（{}）不合规：应为小写字母、数字和连字符", type, source);
        } else if (byType.containsKey(type)) {
          LOG.error("连接器类型 {} 已由 {} 提供，{} 中的同名连接器已拒绝加载", type, byType.get(type).source(), source);
        } else {
          byType.put(type, new Installed(factory, factory.create(context), source));
        }
      }
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      LOG.error("无法创建连接器（{}）：{}", source, e.toString());
    }
  }

  private static List<Path> jars(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      LOG.error("无法读取插件目录 {}：{}", dir, e.toString());
      return List.of();
    }
  }

  public Optional<Installed> get(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  public Collection<Installed> all() {
    return byType.values();
  }

  /** Closes every connector, then the plugin class loaders. */
  public Future<Void> close() {
    return Future.join(byType.values().stream().map(i -> i.connector().close()).toList())
        .<Void>mapEmpty()
        .eventually(() -> {
          for (URLClassLoader loader : loaders) {
            try {
              loader.close();
            } catch (IOException e) {
              LOG.debug("closing {}", loader.getName(), e);
            }
          }
          return Future.succeededFuture();
        });
  }
}
