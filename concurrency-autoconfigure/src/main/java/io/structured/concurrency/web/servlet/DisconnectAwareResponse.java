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
import java.nio.ByteBuffer;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.DisconnectedClientHelper;

import io.structured.concurrency.core.CancellationReason;
import io.structured.concurrency.core.CancellationToken;

/**
 * A response that cancels the request's token with
 * {@link CancellationReason#CLIENT_DISCONNECTED} as soon as writing to its output stream
 * fails because the client went away. The servlet container reports a gone client in no
 * other way while a blocking handler runs.
 */
final class DisconnectAwareResponse extends HttpServletResponseWrapper {

	private final CancellationToken token;

	// the request's thread only
	private @Nullable ServletOutputStream outputStream;

	DisconnectAwareResponse(HttpServletResponse response, CancellationToken token) {
		super(response);
		this.token = token;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.outputStream == null) {
			this.outputStream = new DisconnectAwareOutputStream(super.getOutputStream());
		}
		return this.outputStream;
	}

	@Override
	public void flushBuffer() throws IOException {
		try {
			super.flushBuffer();
		}
		catch (IOException ex) {
			throw failed(ex);
		}
	}

	private IOException failed(IOException ex) {
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			this.token.cancel(CancellationReason.CLIENT_DISCONNECTED);
		}
		return ex;
	}

	private final class DisconnectAwareOutputStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		DisconnectAwareOutputStream(ServletOutputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public void write(int b) throws IOException {
			try {
				this.delegate.write(b);
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			try {
				this.delegate.write(b, off, len);
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public void write(ByteBuffer buffer) throws IOException {
			try {
				this.delegate.write(buffer);
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public void flush() throws IOException {
			try {
				this.delegate.flush();
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public void close() throws IOException {
			try {
				this.delegate.close();
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setWriteListener(WriteListener writeListener) {
			this.delegate.setWriteListener(writeListener);
		}

	}

}
