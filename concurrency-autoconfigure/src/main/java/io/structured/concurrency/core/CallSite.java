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

package io.structured.concurrency.core;

import java.lang.StackWalker.StackFrame;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Captures a few frames of the code that submitted a task, skipping the frames of the
 * JDK, of Spring and of this library.
 *
 * <p>
 * Tasks submitted from the same place share one list of frames and one name: the first
 * {@value #MAX_SHARED} distinct sites and names are kept and handed out again, so that
 * tens of thousands of live tasks from a few call sites cost a few of each, not one per
 * task.
 */
final class CallSite {

	private static final int MAX_FRAMES = 6;

	private static final int MAX_SHARED = 4096;

	private static final Map<List<String>, List<String>> sharedSites = new ConcurrentHashMap<>();

	private static final Map<String, String> sharedNames = new ConcurrentHashMap<>();

	private static final StackWalker walker = StackWalker.getInstance();

	private static final String[] INFRASTRUCTURE = { "java.", "javax.", "jdk.", "sun.", "com.sun.",
			"org.springframework.", "org.apache.catalina.", "org.apache.tomcat.", "org.apache.coyote.",
			"io.micrometer.", "io.github.resilience4j.", "io.structured.concurrency.core.",
			"io.structured.concurrency.executor.", "io.structured.concurrency.context.",
			"io.structured.concurrency.web.", "io.structured.concurrency.autoconfigure.",
			"io.structured.concurrency.actuate." };

	private CallSite() {
	}

	static List<String> capture() {
		return share(walker.walk(CallSite::userFrames));
	}

	private static List<String> share(List<String> site) {
		return share(sharedSites, site);
	}

	private static String share(String name) {
		return share(sharedNames, name);
	}

	private static <T> T share(Map<T, T> shared, T value) {
		T existing = shared.get(value);
		if (existing != null) {
			return existing;
		}
		if (shared.size() >= MAX_SHARED) {
			return value;
		}
		existing = shared.putIfAbsent(value, value);
		return (existing != null) ? existing : value;
	}

	/**
	 * Derive a task name from the first user frame of the current stack, as
	 * {@link #taskName(List)} does from a captured site, but walking only as far as that
	 * frame and reading neither file names nor line numbers, which cost most.
	 * @return a short name such as {@code QuoteService.audit}
	 */
	static String currentTaskName() {
		return share(walker.walk(CallSite::firstUserFrameName));
	}

	private static String firstUserFrameName(Stream<StackFrame> frames) {
		return frames.filter((frame) -> !isInfrastructure(frame.getClassName()))
			.findFirst()
			.map((frame) -> taskName(userClassName(frame.getClassName()), frame.getMethodName()))
			.orElse("task");
	}

	private static List<String> userFrames(Stream<StackFrame> frames) {
		return frames.filter((frame) -> !isInfrastructure(frame.getClassName()))
			.limit(MAX_FRAMES)
			.map(CallSite::format)
			.toList();
	}

	static boolean isInfrastructure(String className) {
		for (String prefix : INFRASTRUCTURE) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static String format(StackFrame frame) {
		return userClassName(frame.getClassName()) + "." + frame.getMethodName() + "(" + frame.getFileName() + ":"
				+ frame.getLineNumber() + ")";
	}

	/**
	 * Derive a task name from the first user frame: the proxied method for a call through
	 * a Spring proxy (an {@code @Async} method), otherwise the calling method.
	 * @param site the captured frames
	 * @return a short name such as {@code QuoteService.audit}
	 */
	static String taskName(List<String> site) {
		if (site.isEmpty()) {
			return "task";
		}
		String frame = site.get(0);
		int paren = frame.indexOf('(');
		String qualified = (paren >= 0) ? frame.substring(0, paren) : frame;
		int method = qualified.lastIndexOf('.');
		int type = qualified.lastIndexOf('.', method - 1);
		return qualified.substring(type + 1);
	}

	private static String taskName(String className, String methodName) {
		return className.substring(className.lastIndexOf('.') + 1) + "." + methodName;
	}

	private static String userClassName(String className) {
		int proxy = className.indexOf("$$SpringCGLIB$$");
		return (proxy >= 0) ? className.substring(0, proxy) : className;
	}

}
