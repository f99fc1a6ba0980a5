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

package io.structured.concurrency.sample.quote;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.log.LogMessage;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.stereotype.Component;

import io.structured.concurrency.core.CancellationToken;
import io.structured.concurrency.core.TaskContext;
import io.structured.concurrency.core.TaskScopes;
import io.structured.concurrency.sample.SampleProperties;

/**
 * The audit trail of quote searches. A record must be written even when the search failed
 * or its deadline passed, so each write runs as detached work: a root of its own that
 * neither the end of the request nor its deadline cancels. Its log lines carry the id of
 * the request it came from as {@code originRequestId}.
 */
@Component
public class AuditLog {

	private static final Log logger = LogFactory.getLog(AuditLog.class);

	private final TaskScopes scopes;

	private final Duration latency;

	AuditLog(TaskScopes scopes, SampleProperties properties) {
		this.scopes = scopes;
		this.latency = properties.getAudit().getLatency();
	}

	/**
	 * Write an audit record of a search, in the background.
	 * @param city the city searched
	 * @param outcome how the search ended
	 * @param elapsedMillis how long it took
	 */
	public void write(String city, String outcome, long elapsedMillis) {
		try {
			this.scopes.detach("audit-write", () -> {
				store();
				logger.info(LogMessage.format("Audited quote search city='%s' outcome=%s elapsedMillis=%d", city,
						outcome, elapsedMillis));
				return outcome;
			});
		}
		catch (TaskRejectedException ex) {
			logger.warn(LogMessage.format("Audit record of a search for '%s' dropped: %s", city, ex.getMessage()));
		}
	}

	/**
	 * Stand for the write to durable storage; only a shutdown cancels it.
	 * @throws InterruptedException if the thread is interrupted
	 */
	private void store() throws InterruptedException {
		CancellationToken token = TaskContext.currentToken();
		if (token != null) {
			token.sleep(this.latency);
		}
		else {
			Thread.sleep(this.latency.toMillis());
		}
	}

}
