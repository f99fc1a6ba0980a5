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

package io.structured.concurrency.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Failure analyzer for a {@code concurrency.*} property whose value cannot be converted
 * to the property's type, such as {@code 10 parsecs} for a duration or {@code abc} for a
 * number. Unlike Spring Boot's own analysis of a {@link BindException}, it says what form
 * the value must take. It runs before Spring Boot's analyzers and leaves every other
 * property to them.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class MalformedConcurrencyPropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	private static final String PREFIX = "concurrency.";

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		String property = cause.getName().toString();
		ConfigurationProperty bound = cause.getProperty();
		Class<?> type = cause.getTarget().getType().resolve();
		if (!property.startsWith(PREFIX) || bound == null || type == null) {
			return null;
		}
		Form form = formOf(type);
		if (form == null) {
			return null;
		}
		StringBuilder description = new StringBuilder().append("Invalid value '")
			.append(bound.getValue())
			.append("' for property '")
			.append(property)
			.append("': the value must be ")
			.append(form.requirement())
			.append('.');
		Origin origin = bound.getOrigin();
		if (origin != null) {
			description.append(" It was set in ").append(origin).append('.');
		}
		return new FailureAnalysis(description.toString(), "Set '" + property + "' to " + form.accepted() + ".", cause);
	}

	private static @Nullable Form formOf(Class<?> type) {
		if (type == Duration.class) {
			return new Form("a duration",
					"a whole number followed by a unit (ns, us, ms, s, m, h or d), such as 500ms or 10s, "
							+ "or an ISO-8601 duration such as PT10S");
		}
		if (type == Integer.class || type == int.class) {
			return new Form("a whole number",
					"a whole number, such as 8, with no unit and at most " + Integer.MAX_VALUE);
		}
		if (type == Double.class || type == double.class) {
			return new Form("a number", "a number, such as 2 or 1.5");
		}
		if (type == Boolean.class || type == boolean.class) {
			return new Form("true or false", "true or false");
		}
		if (type.isEnum()) {
			String values = Arrays.stream(type.getEnumConstants())
				.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
				.collect(Collectors.joining(", "));
			return new Form("one of " + values, "one of " + values);
		}
		return null;
	}

	private record Form(String requirement, String accepted) {

	}

}
