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

package io.structured.concurrency.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Captures every log event of the test's JVM from the moment it is attached, with the
 * {@link System#nanoTime()} at which it was appended.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final List<Captured> events = new CopyOnWriteArrayList<>();

	private CapturedLogs() {
	}

	/**
	 * Start capturing.
	 * @return the capture, to be closed at the end of the test
	 */
	public static CapturedLogs attach() {
		CapturedLogs logs = new CapturedLogs();
		logs.setName("captured-logs");
		logs.start();
		root().addAppender(logs);
		return logs;
	}

	private static Logger root() {
		// the test runs on Logback, which backs SLF4J here
		return (Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	@Override
	protected void append(ILoggingEvent event) {
		event.prepareForDeferredProcessing();
		this.events.add(new Captured(event, System.nanoTime()));
	}

	/**
	 * Return every event captured so far.
	 * @return the events
	 */
	public List<Captured> all() {
		return List.copyOf(this.events);
	}

	/**
	 * Return the events of the given level from this library's loggers.
	 * @param level the level
	 * @return the events
	 */
	public List<Captured> fromStarter(Level level) {
		return this.events.stream()
			.filter((captured) -> captured.event().getLevel() == level)
			.filter((captured) -> captured.event().getLoggerName().startsWith("io.structured.concurrency"))
			.toList();
	}

	/**
	 * Return the events of the given level from any logger.
	 * @param level the level
	 * @return the events
	 */
	public List<Captured> atLevel(Level level) {
		return this.events.stream().filter((captured) -> captured.event().getLevel() == level).toList();
	}

	/**
	 * Return the events whose message is exactly the given text.
	 * @param message the message
	 * @return the events
	 */
	public List<Captured> withMessage(String message) {
		return this.events.stream()
			.filter((captured) -> message.equals(captured.event().getFormattedMessage()))
			.toList();
	}

	@Override
	public void close() {
		root().detachAppender(this);
		stop();
	}

	/**
	 * A captured event.
	 *
	 * @param event the event
	 * @param nanoTime when it was appended
	 */
	public record Captured(ILoggingEvent event, long nanoTime) {

		public String message() {
			return this.event.getFormattedMessage();
		}

		public String mdc(String key) {
			return this.event.getMDCPropertyMap().get(key);
		}

		public String thread() {
			return this.event.getThreadName();
		}

	}

}
