package dev.keyward.otp;

import java.security.SecureRandom;

/** Codes drawn symbol by symbol with SecureRandom.nextInt(bound), which has no modulo bias. */
public final class CodeGenerator {
    private final SecureRandom random;

    public CodeGenerator(SecureRandom random) {
        this.random = random;
    }

    public String next(OtpPolicy policy) {
        String symbols = policy.alphabet().symbols();
        char[] code = new char[policy.length()];
        for (int i = 0; i < code.length; i++) {
            code[i] = symbols.charAt(random.nextInt(symbols.length()));
        }
        return new String(code);
    }
}
