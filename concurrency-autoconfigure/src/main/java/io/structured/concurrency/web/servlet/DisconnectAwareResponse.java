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
import java.io.PrintWriter;
import java.nio.ByteBuffer;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.DisconnectedClientHelper;

import io.structured.concurrency.core.CancellationReason;

/**
 * A response that cancels the request's token with
 * {@link CancellationReason#CLIENT_DISCONNECTED} as soon as writing to its output stream
 * fails because the client went away. The servlet container reports a gone client in no
 * other way while a blocking handler runs.
 * <p>
 * Writing to the response, flushing it or taking its writer also ends the interrupts that
 * cancellation sends to the request's thread (see {@link ThreadInterrupter}).
 */
final class DisconnectAwareResponse extends HttpServletResponseWrapper {

	private final RequestState state;

	// the request's thread only
	private @Nullable ServletOutputStream outputStream;

	DisconnectAwareResponse(HttpServletResponse response, RequestState state) {
		super(response);
		this.state = state;
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		if (this.outputStream == null) {
			this.outputStream = new DisconnectAwareOutputStream(super.getOutputStream());
		}
		return this.outputStream;
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		// a print writer hides the failures of its writes, so interrupts end before the
		// first one
		writing();
		return super.getWriter();
	}

	@Override
	public void flushBuffer() throws IOException {
		writing();
		try {
			super.flushBuffer();
		}
		catch (IOException ex) {
			throw failed(ex);
		}
	}

	private void writing() {
		this.state.stopInterrupting();
	}

	private IOException failed(IOException ex) {
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			this.state.getToken().cancel(CancellationReason.CLIENT_DISCONNECTED);
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
			writing();
			try {
				this.delegate.write(b);
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			writing();
			try {
				this.delegate.write(b, off, len);
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public void write(ByteBuffer buffer) throws IOException {
			writing();
			try {
				this.delegate.write(buffer);
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public void flush() throws IOException {
			writing();
			try {
				this.delegate.flush();
			}
			catch (IOException ex) {
				throw failed(ex);
			}
		}

		@Override
		public void close() throws IOException {
			writing();
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
