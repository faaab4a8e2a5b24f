package cn.onething.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A load generator's HTTP/1.1 client, as lean as wrk's: one blocking keep-alive connection per
 * client thread, a request written in one go, the reply read to its {@code Content-Length}. The JDK's
 * client hands every exchange between its own threads, which on a 2-core machine shared with the
 * server added milliseconds of scheduling to the measured latency. Not a general client: no
 * redirects, no chunked replies (the server answers with a length).
 */
final class PlainHttp implements AutoCloseable {
  private final String host;
  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  PlainHttp(URI base) {
    this.host = base.getHost();
    this.port = base.getPort();
  }

  /** The status and body of a reply. */
  record Reply(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** GETs {@code pathAndQuery}; returns the status, having read (and dropped) the whole body. */
  int get(String pathAndQuery) throws IOException {
    return exchange("GET", pathAndQuery, List.of(), null, false).status();
  }

  /** POSTs a JSON body with an {@code Authorization} header. */
  Reply postJson(String path, String authorization, byte[] json) throws IOException {
    return exchange("POST", path, List.of("Authorization: " + authorization), json, true);
  }

  /**
   * Sends a request with these headers ({@code Name: value} each; a JSON body is sent with its
   * type and length); the reply's body is read and dropped.
   */
  int send(String method, String pathAndQuery, List<String> headers, byte[] json) throws IOException {
    return exchange(method, pathAndQuery, headers, json, false).status();
  }

  private Reply exchange(String method, String pathAndQuery, List<String> headers, byte[] body, boolean keepBody)
      throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(30_000);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }
    try {
      StringBuilder head = new StringBuilder().append(method).append(' ').append(pathAndQuery)
          .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\nAccept: application/json\r\n");
      for (String header : headers) {
        head.append(header).append("\r\n");
      }
      if (body != null) {
        head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
      }
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      String status = line();
      int code = Integer.parseInt(status.substring(9, 12));
      long length = -1;
      boolean close = false;
      for (String header = line(); !header.isEmpty(); header = line()) {
        int colon = header.indexOf(':');
        String name = header.substring(0, colon).strip();
        String value = header.substring(colon + 1).strip();
        if (name.equalsIgnoreCase("content-length")) {
          length = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
          close = true;
        } else if (name.equalsIgnoreCase("transfer-encoding")) {
          throw new IOException("chunked reply not supported by the load client");
        }
      }
      if (length < 0) {
        throw new IOException("reply without Content-Length");
      }
      byte[] content = null;
      if (keepBody) {
        content = in.readNBytes((int) length);
      } else {
        in.skipNBytes(length);
      }
      if (close) {
        close();
      }
      return new Reply(code, content);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private String line() throws IOException {
    StringBuilder s = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed by the server");
      }
      if (b != '\r') {
        s.append((char) b);
      }
    }
    return s.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      socket = null;
    }
  }
}
