/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.structured.concurrency.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.0 client on a plain socket, so that tests control every byte of the
 * request, such as repeated header lines or non-ASCII header values.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Send a GET request with the given raw header lines and read the whole response.
	 * @param port the server's port
	 * @param path the path
	 * @param headerLines header lines, as bytes, each without its line end
	 * @return the response
	 * @throws IOException on I/O failure
	 */
	public static Response get(int port, String path, byte[]... headerLines) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n").getBytes(StandardCharsets.US_ASCII));
			for (byte[] line : headerLines) {
				out.write(line);
				out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return parse(socket.getInputStream().readAllBytes());
		}
	}

	public static byte[] line(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static Response parse(byte[] bytes) {
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		String head = (end >= 0) ? text.substring(0, end) : text;
		String body = (end >= 0) ? new String(bytes, end + 4, bytes.length - end - 4, StandardCharsets.UTF_8) : "";
		String[] lines = head.split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
					lines[i].substring(colon + 1).trim());
		}
		return new Response(status, headers, body);
	}

	/**
	 * Read what is available on a stream into a string, for tests that stream.
	 * @param in the stream
	 * @param atLeast how many bytes to wait for
	 * @return the bytes read
	 * @throws IOException on I/O failure
	 */
	public static String readAtLeast(InputStream in, int atLeast) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		byte[] buffer = new byte[1024];
		while (read.size() < atLeast) {
			int n = in.read(buffer);
			if (n < 0) {
				break;
			}
			read.write(buffer, 0, n);
		}
		return read.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * A response.
	 *
	 * @param status the status code
	 * @param headers the headers, by lower-case name
	 * @param body the body
	 */
	public record Response(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

}
