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
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * {@link BeanPostProcessor} that checks {@link ConcurrencyProperties} once they are
 * bound, before any bean uses them, and throws an
 * {@link InvalidConcurrencyPropertyException} for a value that cannot work.
 */
final class ConcurrencyPropertiesValidator implements BeanPostProcessor {

	private static final String CPU = "concurrency.cpu";

	private static final String CPU_EXECUTOR = "concurrency.executors.cpu";

	private static final String IO_EXECUTOR = "concurrency.executors.io";

	private static final String TASKS = "concurrency.tasks";

	// a token as RFC 9110 defines it
	private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ConcurrencyProperties properties) {
			validate(properties);
		}
		return bean;
	}

	static void validate(ConcurrencyProperties properties) {
		validateCpu(properties.getCpu());
		validateCpuExecutor(properties.getExecutors().getCpu());
		validateIoExecutor(properties.getExecutors().getIo());
		ConcurrencyProperties.Request request = properties.getRequest();
		positive("concurrency.request.default-timeout", request.getDefaultTimeout(),
				"such as 30s; a request with no time at all would fail at once");
		positive("concurrency.request.max-timeout", request.getMaxTimeout(),
				"such as 5m; with no time at all every request that sends a timeout would fail at once");
		notNegative("concurrency.request.retry-after", request.getRetryAfter());
		headerName("concurrency.request.timeout-header", request.getTimeoutHeader());
		headerName("concurrency.request.id-header", request.getIdHeader());
		validateTasks(properties.getTasks());
		notNegative("concurrency.shutdown.drain", properties.getShutdown().getDrain());
		notNegative("concurrency.shutdown.timeout", properties.getShutdown().getTimeout());
		for (Map.Entry<String, ConcurrencyProperties.Bulkhead> entry : properties.getBulkheads().entrySet()) {
			validateBulkhead("concurrency.bulkheads." + entry.getKey(), entry.getValue());
		}
	}

	private static void validateTasks(ConcurrencyProperties.Tasks tasks) {
		if (tasks.getMaxTracked() < 0) {
			throw InvalidConcurrencyPropertyException.invalidValue(TASKS + ".max-tracked", tasks.getMaxTracked(),
					"be 0 or more", "Set '" + TASKS + ".max-tracked' to the number of live tasks to show in the "
							+ "task tree, such as 10000, or to 0 to only count them.");
		}
		if (tasks.getMaxLeaks() < 0) {
			throw InvalidConcurrencyPropertyException.invalidValue(TASKS + ".max-leaks", tasks.getMaxLeaks(),
					"be 0 or more", "Set '" + TASKS + ".max-leaks' to the number of leaked tasks to keep for "
							+ "reporting, such as 100, or to 0 to only count them.");
		}
		notNegative(TASKS + ".leak-grace", tasks.getLeakGrace());
	}

	private static void validateBulkhead(String prefix, ConcurrencyProperties.Bulkhead bulkhead) {
		if (bulkhead.getMaxConcurrentCalls() < 1) {
			throw InvalidConcurrencyPropertyException.invalidValue(prefix + ".max-concurrent-calls",
					bulkhead.getMaxConcurrentCalls(), "be 1 or more", "Set '" + prefix
							+ ".max-concurrent-calls' to the number of calls that may run at once, 1 or more.");
		}
		notNegative(prefix + ".max-wait", bulkhead.getMaxWait());
	}

	private static void headerName(String property, String name) {
		if (!HEADER_NAME.matcher(name).matches()) {
			throw InvalidConcurrencyPropertyException.invalidValue(property, name,
					"be a header name: letters, digits and the symbols !#$%&'*+-.^_`|~, with no spaces",
					"Set '" + property + "' to the name of a header, such as X-Request-Timeout.");
		}
	}

	private static void validateCpu(ConcurrencyProperties.Cpu cpu) {
		Double limit = cpu.getLimit();
		if (limit != null && !(limit > 0 && !limit.isInfinite())) {
			throw InvalidConcurrencyPropertyException.invalidValue(CPU + ".limit", limit,
					"be a finite number greater than 0",
					"Set '" + CPU + ".limit' to the number of CPUs to size pools for, such as 1.5, "
							+ "or remove it to read the limit from the cgroup.");
		}
		Duration interval = cpu.getRefreshInterval();
		if (interval.isNegative()) {
			throw InvalidConcurrencyPropertyException.invalidValue(CPU + ".refresh-interval", format(interval),
					"not be negative", "Set '" + CPU + ".refresh-interval' to a positive duration, such as 10s, "
							+ "or to 0 to read the limit only at startup.");
		}
	}

	private static void validateCpuExecutor(ConcurrencyProperties.CpuExecutor cpu) {
		Integer threads = cpu.getThreads();
		if (threads != null && threads < 1) {
			throw InvalidConcurrencyPropertyException.invalidValue(CPU_EXECUTOR + ".threads", threads, "be 1 or more",
					"Set '" + CPU_EXECUTOR + ".threads' to 1 or more, "
							+ "or remove it to size the pool from the CPU limit.");
		}
		Integer coreThreads = cpu.getCoreThreads();
		if (coreThreads != null && (coreThreads < 1 || (threads != null && coreThreads > threads))) {
			String most = (threads != null) ? threads.toString() : "the number of threads";
			throw InvalidConcurrencyPropertyException.invalidValue(CPU_EXECUTOR + ".core-threads", coreThreads,
					"be at least 1 and at most " + most,
					"Set '" + CPU_EXECUTOR + ".core-threads' to a number from 1 to " + most
							+ ", or remove it to keep as many core threads as threads.");
		}
		if (cpu.getThreadsPerCpu() < 1) {
			throw InvalidConcurrencyPropertyException.invalidValue(CPU_EXECUTOR + ".threads-per-cpu",
					cpu.getThreadsPerCpu(), "be 1 or more", "Set '" + CPU_EXECUTOR + ".threads-per-cpu' to 1 or more.");
		}
		if (cpu.getQueueCapacity() < -1) {
			throw InvalidConcurrencyPropertyException.invalidValue(CPU_EXECUTOR + ".queue-capacity",
					cpu.getQueueCapacity(), "be 0 or more, or -1 for an unbounded queue",
					"Set '" + CPU_EXECUTOR + ".queue-capacity' to a valid capacity:\n"
							+ "\t- 0 to hand each task straight to a thread\n"
							+ "\t- a positive number of tasks that may wait\n"
							+ "\t- -1 for an unbounded queue, with as many core threads as threads");
		}
		if (cpu.getQueueCapacity() == -1 && threads != null && coreThreads != null && coreThreads < threads) {
			throw InvalidConcurrencyPropertyException.unboundedQueueWithLargerMax("cpu", CPU_EXECUTOR, coreThreads,
					threads);
		}
	}

	private static void validateIoExecutor(ConcurrencyProperties.IoExecutor io) {
		if (io.getMaxConcurrency() < 1) {
			throw InvalidConcurrencyPropertyException.invalidValue(IO_EXECUTOR + ".max-concurrency",
					io.getMaxConcurrency(), "be 1 or more", "Set '" + IO_EXECUTOR
							+ ".max-concurrency' to the number of tasks that may run at once, 1 or more.");
		}
		if (io.getQueueCapacity() < 0) {
			throw InvalidConcurrencyPropertyException.invalidValue(IO_EXECUTOR + ".queue-capacity",
					io.getQueueCapacity(), "be 0 or more",
					"Set '" + IO_EXECUTOR + ".queue-capacity' to the number of tasks that may wait, "
							+ "or to 0 to reject a task as soon as every slot is taken.");
		}
		notNegative(IO_EXECUTOR + ".keep-alive", io.getKeepAlive());
	}

	private static void notNegative(String property, @Nullable Duration duration) {
		if (duration != null && duration.isNegative()) {
			throw InvalidConcurrencyPropertyException.invalidValue(property, format(duration), "not be negative",
					"Set '" + property + "' to 0 or a positive duration, such as 10s.");
		}
	}

	private static void positive(String property, Duration duration, String example) {
		if (duration.isNegative() || duration.isZero()) {
			throw InvalidConcurrencyPropertyException.invalidValue(property, format(duration), "be greater than 0",
					"Set '" + property + "' to a positive duration, " + example + ".");
		}
	}

	private static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
