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

import java.net.URI;

/**
 * The {@code type} URIs of the RFC 9457 problem responses that this library writes.
 *
 * @since 0.1.0
 */
public final class ProblemTypes {

	/**
	 * The request's deadline passed before it completed (HTTP 504).
	 */
	public static final URI DEADLINE_EXCEEDED = URI.create("urn:structured-concurrency:problem:deadline-exceeded");

	/**
	 * An executor was saturated and refused the work (HTTP 503).
	 */
	public static final URI EXECUTOR_SATURATED = URI.create("urn:structured-concurrency:problem:executor-saturated");

	/**
	 * A bulkhead had no permit left for the work (HTTP 503).
	 */
	public static final URI BULKHEAD_FULL = URI.create("urn:structured-concurrency:problem:bulkhead-full");

	/**
	 * The application is shutting down and refused or stopped the work (HTTP 503).
	 */
	public static final URI SHUTTING_DOWN = URI.create("urn:structured-concurrency:problem:shutting-down");

	/**
	 * The request was cancelled on request, for example through the actuator endpoint
	 * (HTTP 503).
	 */
	public static final URI CANCELLED = URI.create("urn:structured-concurrency:problem:cancelled");

	private ProblemTypes() {
	}

}
