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

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TimeoutHeader}.
 */
class TimeoutHeaderTests {

	@Test
	void parseWhenAbsentShouldBeAbsent() {
		assertThat(TimeoutHeader.parse(Collections.emptyEnumeration()).isAbsent()).isTrue();
		assertThat(TimeoutHeader.parse((String) null).isAbsent()).isTrue();
	}

	@Test
	void parseWhenDigitsShouldGiveMilliseconds() {
		TimeoutHeader header = TimeoutHeader.parse("1500");
		assertThat(header.isValid()).isTrue();
		assertThat(header.getMillis()).isEqualTo(1500);
		assertThat(header.clampTo(Duration.ofMinutes(5))).isEqualTo(Duration.ofMillis(1500));
	}

	@Test
	void parseWhenLeadingZerosShouldIgnoreThem() {
		assertThat(TimeoutHeader.parse("0001500").getMillis()).isEqualTo(1500);
		assertThat(TimeoutHeader.parse("0000000000000000000000000").getMillis()).isZero();
	}

	@Test
	void parseWhenTooLargeForALongShouldClampToTheMaximum() {
		TimeoutHeader header = TimeoutHeader.parse("99999999999999999999999");
		assertThat(header.isValid()).isTrue();
		assertThat(header.clampTo(Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
		assertThat(TimeoutHeader.parse("9223372036854775807").clampTo(Duration.ofMinutes(5)))
			.isEqualTo(Duration.ofMinutes(5));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "-5000", "+1500", "1500.5", "1e3", "1500ms", "2S", "0x10", "abc", " 1500",
			"1500, 2000", "\u0663\u0660\u0660", "\u00d9\u00a3" })
	void parseWhenNotAsciiDigitsShouldBeMalformed(String value) {
		TimeoutHeader header = TimeoutHeader.parse(value);
		assertThat(header.isMalformed()).isTrue();
		assertThat(header.getProblem()).isNotBlank();
	}

	@Test
	void parseWhenRepeatedShouldBeMalformedWhateverTheValues() {
		assertThat(TimeoutHeader.parse(Collections.enumeration(List.of("1500", "1500"))).isMalformed()).isTrue();
		assertThat(TimeoutHeader.parse(Collections.enumeration(List.of("1500", "2000"))).isMalformed()).isTrue();
	}

}
