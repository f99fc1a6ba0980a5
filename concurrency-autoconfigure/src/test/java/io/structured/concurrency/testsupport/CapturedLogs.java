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

package io.structured.concurrency.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * Test appender that captures the events of one logger and its children (by default the
 * starter's loggers, {@code io.structured.concurrency}) until closed.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

	private final Logger logger;

	private CapturedLogs(String loggerName) {
		// the fully qualified SLF4J call keeps the starter's ban on importing SLF4J's
		// factory
		this.logger = (Logger) org.slf4j.LoggerFactory.getLogger(loggerName);
	}

	/**
	 * Start capturing the starter's log events.
	 * @return the capture, to be closed at the end of the test
	 */
	public static CapturedLogs starter() {
		return of("io.structured.concurrency");
	}

	/**
	 * Start capturing the events of a logger and its children.
	 * @param loggerName the logger name
	 * @return the capture, to be closed at the end of the test
	 */
	public static CapturedLogs of(String loggerName) {
		CapturedLogs logs = new CapturedLogs(loggerName);
		logs.setContext(logs.logger.getLoggerContext());
		logs.start();
		logs.logger.addAppender(logs);
		return logs;
	}

	@Override
	protected void append(ILoggingEvent event) {
		// keep the MDC and thread name of the logging thread, which are read lazily
		event.prepareForDeferredProcessing();
		this.events.add(event);
	}

	/**
	 * Return the formatted messages of the events at one level, in order.
	 * @param level the level
	 * @return the messages
	 */
	public List<String> messages(Level level) {
		return this.events.stream()
			.filter((event) -> event.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	/**
	 * Return the WARN messages, in order.
	 * @return the messages
	 */
	public List<String> warnings() {
		return messages(Level.WARN);
	}

	/**
	 * Return the events at one level, in order.
	 * @param level the level
	 * @return the events
	 */
	public List<ILoggingEvent> events(Level level) {
		return this.events.stream().filter((event) -> event.getLevel() == level).toList();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this);
		stop();
	}

}
