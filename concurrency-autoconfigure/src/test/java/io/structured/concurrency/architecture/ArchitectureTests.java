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

package io.structured.concurrency.architecture;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Architecture rules of the library.
 */
class ArchitectureTests {

	private static final String[] CORE_PACKAGES = { "io.structured.concurrency.core..",
			"io.structured.concurrency.executor..", "io.structured.concurrency.cpu..",
			"io.structured.concurrency.context.." };

	private static final String[] WEB_PACKAGES = { "jakarta.servlet..", "org.springframework.web..",
			"org.springframework.http..", "org.springframework.boot.web..", "org.springframework.boot.webmvc..",
			"org.springframework.boot.actuate..", "org.springframework.boot.health..",
			"org.springframework.boot.restclient.." };

	private final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.structured.concurrency");

	@Test
	void coreDoesNotDependOnWebServletOrActuatorTypes() {
		ArchRule rule = ArchRuleDefinition.noClasses()
			.that()
			.resideInAnyPackage(CORE_PACKAGES)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(WEB_PACKAGES);
		rule.check(this.classes);
	}

	@Test
	void packagesAreFreeOfCycles() {
		SlicesRuleDefinition.slices()
			.matching("io.structured.concurrency.(*)..")
			.should()
			.beFreeOfCycles()
			.check(this.classes);
	}

	@Test
	void autoConfigurationsArePublicFinalAndNamedAutoConfiguration() {
		ArchRuleDefinition.classes()
			.that()
			.areAnnotatedWith(AutoConfiguration.class)
			.should()
			.bePublic()
			.andShould()
			.haveModifier(JavaModifier.FINAL)
			.andShould()
			.haveSimpleNameEndingWith("AutoConfiguration")
			.check(this.classes);
	}

	@Test
	void autoConfigurationsAreListedInImportsFile() throws IOException {
		List<String> listed = readImports();
		List<String> annotated = this.classes.stream()
			.filter((javaClass) -> javaClass.isAnnotatedWith(AutoConfiguration.class))
			.map(JavaClass::getName)
			.toList();
		assertThat(annotated).isNotEmpty();
		assertThat(listed).containsExactlyInAnyOrderElementsOf(annotated);
	}

	private List<String> readImports() throws IOException {
		String location = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";
		try (InputStream stream = getClass().getClassLoader().getResourceAsStream(location)) {
			assertThat(stream).as(location).isNotNull();
			return new String(stream.readAllBytes(), StandardCharsets.UTF_8).lines()
				.map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.toList();
		}
	}

}
