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

package io.structured.concurrency.cpu;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CpuRounding}.
 */
class CpuRoundingTests {

	@ParameterizedTest
	@CsvSource({ "1.5, CEIL, 2", "1.5, FLOOR, 1", "8.5, CEIL, 9", "8.5, FLOOR, 8", "0.5, CEIL, 1", "0.5, FLOOR, 1",
			"0.01, FLOOR, 1", "1.999, CEIL, 2", "1.999, FLOOR, 1", "2.0, CEIL, 2", "2.0, FLOOR, 2",
			"1e12, CEIL, 2147483647" })
	void roundShouldNeverGoBelowOne(double limit, CpuRounding rounding, int expected) {
		assertThat(rounding.round(limit)).isEqualTo(expected);
	}

}
