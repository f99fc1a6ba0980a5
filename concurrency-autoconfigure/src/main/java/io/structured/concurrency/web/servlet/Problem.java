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

package io.structured.concurrency.web.servlet;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9457 problem response, written without any JSON library so that it also works
 * outside Spring MVC.
 *
 * @param status the HTTP status
 * @param type the problem type
 * @param title the short summary of the problem type
 * @param detail the explanation of this occurrence
 * @param retryAfter the value of the {@code Retry-After} header, or {@code null} for none
 * @param silent whether nothing is to be written, because the client went away
 */
record Problem(int status, URI type, String title, String detail, @Nullable Duration retryAfter, boolean silent) {

	static final String MEDIA_TYPE = "application/problem+json";

	static Problem nothing() {
		return new Problem(0, URI.create("about:blank"), "", "", null, true);
	}

	/**
	 * Write the problem to the response, replacing whatever the buffer holds.
	 * @param request the request
	 * @param response the response, not committed
	 * @param requestId the id of the request, or {@code null}
	 * @throws IOException if writing fails
	 */
	void write(HttpServletRequest request, HttpServletResponse response, @Nullable String requestId)
			throws IOException {
		if (this.silent) {
			return;
		}
		response.resetBuffer();
		response.setStatus(this.status);
		if (this.retryAfter != null) {
			response.setHeader("Retry-After", Long.toString(retryAfterSeconds(this.retryAfter)));
		}
		response.setContentType(MEDIA_TYPE);
		byte[] body = toJson(request.getRequestURI(), requestId).getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	static long retryAfterSeconds(Duration retryAfter) {
		long millis = Math.max(0, retryAfter.toMillis());
		return (millis + 999) / 1000;
	}

	private String toJson(String instance, @Nullable String requestId) {
		StringBuilder json = new StringBuilder(256);
		json.append("{\"type\":");
		appendString(json, this.type.toString());
		json.append(",\"title\":");
		appendString(json, this.title);
		json.append(",\"status\":").append(this.status);
		json.append(",\"detail\":");
		appendString(json, this.detail);
		json.append(",\"instance\":");
		appendString(json, instance);
		if (requestId != null) {
			json.append(",\"requestId\":");
			appendString(json, requestId);
		}
		return json.append('}').toString();
	}

	private static void appendString(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char ch = value.charAt(i);
			switch (ch) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (ch < 0x20) {
						json.append(String.format("\\u%04x", (int) ch));
					}
					else {
						json.append(ch);
					}
				}
			}
		}
		json.append('"');
	}

}
