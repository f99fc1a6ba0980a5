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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the default timeout of the requests that a handler method, or every handler method
 * of a controller, serves, in place of {@code concurrency.request.default-timeout}. A
 * caller's timeout header still wins, clamped to {@code concurrency.request.max-timeout};
 * the annotation is not clamped. An annotation on the method wins over one on the class.
 *
 * <pre class="code">
 * &#64;GetMapping("/reports/{id}")
 * &#64;RequestTimeout("2m")
 * Report report(&#64;PathVariable String id) { ... }
 * </pre>
 *
 * <p>
 * The request's deadline is moved when Spring MVC has picked the handler, counted from
 * the start of the request.
 *
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequestTimeout {

	/**
	 * The timeout: a duration such as {@code 500ms}, {@code 2s} or {@code PT2S}, a plain
	 * number of milliseconds, or a {@code ${...}} placeholder that resolves to one of
	 * these.
	 * @return the timeout
	 */
	String value();

}
