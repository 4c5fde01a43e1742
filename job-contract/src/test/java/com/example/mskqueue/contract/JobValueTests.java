package com.example.mskqueue.contract;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.example.mskqueue.contract.ContractCases.Case;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JobValueTests {

	static Stream<Case> cases() {
		return ContractCases.all().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void readsEveryCaseOfTheTableAsTheContractSays(Case value) {
		if (value.runs()) {
			assertThat(JobValue.seconds(value.raw())).isEqualTo(value.seconds());
			assertThat(JobValue.of(value.seconds())).isEqualTo(value.text());
		}
		else {
			InvalidValueException invalid = catchThrowableOfType(InvalidValueException.class,
					() -> JobValue.seconds(value.raw()));
			assertThat(invalid.rule()).isEqualTo(value.rule());
			assertThat(invalid.getMessage()).contains(value.rule().description())
				.endsWith("a job value is one of 0, 1, ... 10 (ASCII digits, nothing else)")
				.doesNotContain("\n");
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void theFormsNumberRuleIsTheSameGrammar(Case value) {
		if (value.raw() == null || value.formRule() == ValueRule.OUT_OF_RANGE || value.formRule() == null) {
			return;
		}
		InvalidValueException invalid = catchThrowableOfType(InvalidValueException.class,
				() -> WholeNumber.parse(value.text()));
		assertThat(invalid.rule()).isEqualTo(value.formRule());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void theTableHasUniqueNamesAndOnlyTheElevenValidValuesRun(Case value) {
		assertThat(ContractCases.all()).filteredOn((other) -> other.name().equals(value.name())).hasSize(1);
		assertThat(value.runs()).isEqualTo(value.rule() == null);
	}

}
