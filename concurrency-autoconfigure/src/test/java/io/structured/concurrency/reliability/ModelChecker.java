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

package io.structured.concurrency.reliability;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import kotlin.Unit;
import kotlin.jvm.functions.Function1;
import kotlin.reflect.KFunction;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jspecify.annotations.Nullable;
import org.springframework.core.log.LogMessage;

/**
 * Runs Lincheck's model checker over one fixed scenario of a model class: operations that
 * run first on one thread, operations that run in parallel on several threads in every
 * interleaving the checker explores, and operations that run last on one thread. The
 * model's {@code @Validate} method checks the invariants after each interleaving; the
 * results of the operations are not compared with a sequential specification, since
 * operations that may block until another thread acts have none that Lincheck could run.
 *
 * <p>
 * Lincheck ends an exploration early, and silently, when the code under test hands work
 * to a thread it does not control (such as the deadline timer's), so every check also
 * asserts that many interleavings were explored.
 */
final class ModelChecker {

	private static final Log logger = LogFactory.getLog(ModelChecker.class);

	/**
	 * The system property that sets how many interleavings each check explores at most,
	 * by default {@value #DEFAULT_INVOCATIONS}: enough for the races of the core, and
	 * small enough for the build. Checks of three threads explore half as many.
	 */
	static final String INVOCATIONS_PROPERTY = "concurrency.modelcheck.invocations";

	private static final int DEFAULT_INVOCATIONS = 50;

	private static final int INVOCATIONS = Integer.getInteger(INVOCATIONS_PROPERTY, DEFAULT_INVOCATIONS);

	private static final int MIN_EXPLORED = 25;

	private final Class<?> model;

	private final List<String> initial = new ArrayList<>();

	private final List<List<String>> parallel = new ArrayList<>();

	private final List<String> post = new ArrayList<>();

	private int invocations = INVOCATIONS;

	private int scale = 1;

	private ModelChecker(Class<?> model) {
		this.model = model;
	}

	static ModelChecker of(Class<?> model) {
		return new ModelChecker(model);
	}

	ModelChecker initial(String... operations) {
		this.initial.addAll(Arrays.asList(operations));
		return this;
	}

	ModelChecker thread(String... operations) {
		this.parallel.add(Arrays.asList(operations));
		return this;
	}

	ModelChecker post(String... operations) {
		this.post.addAll(Arrays.asList(operations));
		return this;
	}

	/**
	 * Explore a multiple of the usual number of interleavings, for models cheap enough.
	 * @param scale the multiple
	 * @return this checker
	 */
	ModelChecker scale(int scale) {
		this.scale = scale;
		return this;
	}

	void check() {
		int invocations = Math.max(1, this.invocations * this.scale / ((this.parallel.size() > 2) ? 2 : 1));
		ModelCheckingOptions options = new ModelCheckingOptions().iterations(0)
			.invocationsPerIteration(invocations)
			.verifier(CountingVerifier.class)
			// the JDK's own classes (collections, CompletableFuture) are taken as correct
			// and atomic, which makes each interleaving several times cheaper; Lincheck
			// exposes the switch only as a Kotlin-internal method
			.analyzeStdLib$lincheck(false)
			.addCustomScenario((scenario) -> {
				if (!this.initial.isEmpty()) {
					scenario.initial(actors(this.initial));
				}
				scenario.parallel((threads) -> {
					this.parallel.forEach((operations) -> threads.thread(actors(operations)));
					return Unit.INSTANCE;
				});
				if (!this.post.isEmpty()) {
					scenario.post(actors(this.post));
				}
				return Unit.INSTANCE;
			});
		CountingVerifier.reset();
		options.check(this.model);
		int explored = CountingVerifier.explored();
		logger.info(LogMessage.format("%s: %d interleavings of %s explored", this.model.getSimpleName(), explored,
				this.parallel));
		require(explored >= Math.min(MIN_EXPLORED, invocations), "only %d interleavings explored", explored);
	}

	/**
	 * Check an invariant. Models cannot use AssertJ: Lincheck compares the values that
	 * the code under test returns, and AssertJ's assertions refuse {@code equals}.
	 * @param condition the invariant
	 * @param message the message if it does not hold, a format
	 * @param args the arguments of the message
	 */
	static void require(boolean condition, String message, @Nullable Object... args) {
		if (!condition) {
			throw new AssertionError(String.format(message, args));
		}
	}

	private Function1<DSLThreadScenario, Unit> actors(List<String> operations) {
		return (thread) -> {
			operations.forEach((name) -> thread.actor(function(name)));
			return Unit.INSTANCE;
		};
	}

	private KFunction<?> function(String name) {
		try {
			Method method = this.model.getMethod(name);
			KFunction<?> function = ReflectJvmMapping.getKotlinFunction(method);
			if (function == null) {
				throw new IllegalArgumentException("No Kotlin view of " + method);
			}
			return function;
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalArgumentException("No operation '" + name + "' in " + this.model, ex);
		}
	}

}
