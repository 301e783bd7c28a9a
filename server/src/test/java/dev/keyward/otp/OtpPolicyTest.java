package dev.keyward.otp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OtpPolicyTest {

    @Test
    void theDefaultPolicyIsValidAtExactlyTheLimitOfOneInAHundredThousand() {
        OtpPolicy.Problems p = OtpPolicy.DEFAULT.problems();
        assertThat(p.isEmpty()).isTrue();
        assertThat(OtpPolicy.DEFAULT.guessesPerDay()).isEqualTo(10);
        assertThat(OtpPolicy.DEFAULT.dailyGuessChance()).isEqualTo(1e-5);
    }

    @Test
    void guessesPerDayIsTheSmallerOfTheDailyBudgetAndWhatResendsAllow() {
        OtpPolicy sendLimited = new OtpPolicy(8, Alphabet.NUMERIC, 600, 1, 60, 1, 100);
        assertThat(sendLimited.guessesPerDay()).isEqualTo(24);
        OtpPolicy budgetLimited = new OtpPolicy(8, Alphabet.NUMERIC, 600, 10, 60, 20, 7);
        assertThat(budgetLimited.guessesPerDay()).isEqualTo(7);
    }

    @Test
    void aCombinationJustAboveTheLimitIsTooWeakOnTheTwoFieldsThatFixIt() {
        OtpPolicy weak = new OtpPolicy(6, Alphabet.NUMERIC, 600, 5, 60, 5, 11);
        OtpPolicy.Problems p = weak.problems();
        assertThat(p.outOfRange()).isEmpty();
        assertThat(p.tooWeak()).hasValueSatisfying(r -> assertThat(r).startsWith("too weak: 11 guesses a day"));
        assertThat(p.details()).containsOnlyKeys("length", "maxFailuresPerDay");
    }

    @Test
    void alphanumericCodesAreMuchHarderToGuess() {
        OtpPolicy alnum = new OtpPolicy(6, Alphabet.ALPHANUMERIC, 600, 10, 60, 20, 100);
        assertThat(alnum.dailyGuessChance()).isCloseTo(100 / Math.pow(32, 6), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(alnum.problems().isEmpty()).isTrue();
    }

    @Test
    void everyOutOfRangeFieldIsReportedAndWeaknessIsNotJudgedUntilTheyAreFixed() {
        OtpPolicy bad = new OtpPolicy(5, Alphabet.NUMERIC, 59, 0, 29, 21, 101);
        OtpPolicy.Problems p = bad.problems();
        assertThat(p.outOfRange()).containsOnlyKeys("length", "ttlSeconds", "maxAttempts", "resendCooldownSeconds",
                "maxSendsPerHour", "maxFailuresPerDay");
        assertThat(p.outOfRange().get("length")).isEqualTo("must be between 6 and 10");
        assertThat(p.tooWeak()).isEmpty();
    }

    @Test
    void boundsAreInclusive() {
        assertThat(new OtpPolicy(10, Alphabet.NUMERIC, 3600, 10, 3600, 20, 100).problems().outOfRange()).isEmpty();
        assertThat(new OtpPolicy(6, Alphabet.NUMERIC, 60, 1, 30, 1, 1).problems().isEmpty()).isTrue();
    }
}
