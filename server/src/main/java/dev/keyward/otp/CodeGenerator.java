package dev.keyward.otp;

import java.security.SecureRandom;

/** Codes drawn symbol by symbol with SecureRandom.nextInt(bound), which has no modulo bias. */
public final class CodeGenerator {
    private final SecureRandom random;

    public CodeGenerator(SecureRandom random) {
        this.random = random;
    }

    public String next(OtpPolicy policy) {
        return next(policy.alphabet(), policy.length());
    }

    public String next(Alphabet alphabet, int length) {
        String symbols = alphabet.symbols();
        char[] code = new char[length];
        for (int i = 0; i < code.length; i++) {
            code[i] = symbols.charAt(random.nextInt(symbols.length()));
        }
        return new String(code);
    }
}
