package dev.testops.app.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a plain socket, for requests an HTTP client would normalise or refuse to send (an
 * encoded slash, {@code %00}, {@code ..}, a malformed request line): the bytes go out as written.
 * Each exchange uses its own connection and asks the server to close it.
 */
final class RawHttp {
  private RawHttp() {}

  /**
   * An answer as read from the wire; {@code reset} when the connection was reset while the request
   * was still being sent or the answer read.
   */
  record Answer(int status, Map<String, String> headers, String body, boolean reset) {
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
  }

  /** Sends a request line, headers and no body. */
  static Answer send(int port, String requestLine, String... headers) throws IOException {
    return send(port, requestLine, 0, headers);
  }

  /**
   * Sends a request line, headers and a body of {@code bodyBytes} bytes of JSON-looking text, then
   * reads the answer to its end.
   */
  static Answer send(int port, String requestLine, long bodyBytes, String... headers)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      StringBuilder head = new StringBuilder(requestLine).append("\r\n");
      head.append("Host: 127.0.0.1:").append(port).append("\r\n");
      head.append("Connection: close\r\n");
      for (String header : headers) {
        head.append(header).append("\r\n");
      }
      if (bodyBytes > 0) {
        head.append("Content-Type: application/json\r\n");
        head.append("Content-Length: ").append(bodyBytes).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      boolean writeFailed = false;
      try {
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        for (long sent = 0; sent < bodyBytes; sent += chunk.length) {
          out.write(chunk, 0, (int) Math.min(chunk.length, bodyBytes - sent));
        }
        out.flush();
      } catch (IOException e) {
        // The server closed before taking the whole body: a client such as curl stops here with
        // "connection reset" and never shows the answer, even when one was sent.
        writeFailed = true;
      }
      return read(socket.getInputStream(), writeFailed);
    }
  }

  private static Answer read(InputStream in, boolean writeFailed) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean reset = false;
    try {
      in.transferTo(bytes);
    } catch (java.net.SocketException e) {
      reset = true;
    }
    String text = bytes.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return new Answer(-1, Map.of(), text, true);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    String raw = text.substring(end + 4);
    if (headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked")) {
      raw = unchunk(raw);
    }
    String body = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    return new Answer(status, headers, body, reset || writeFailed);
  }

  private static String unchunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (true) {
      int eol = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(body, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
  }
}
