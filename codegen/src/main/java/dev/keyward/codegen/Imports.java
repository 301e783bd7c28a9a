package dev.keyward.codegen;

import java.util.TreeSet;

/** The imports one generated file needs; types from its own package and java.lang need none. */
final class Imports {
    private final String ownPackage;
    private final TreeSet<String> names = new TreeSet<>();

    Imports(String ownPackage) {
        this.ownPackage = ownPackage;
    }

    /** Records that {@code qualifiedName} is used and returns the simple name to write. */
    String use(String qualifiedName) {
        int dot = qualifiedName.lastIndexOf('.');
        String pkg = qualifiedName.substring(0, dot);
        if (!pkg.equals(ownPackage) && !pkg.equals("java.lang")) {
            names.add(qualifiedName);
        }
        return qualifiedName.substring(dot + 1);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append("import ").append(name).append(";\n");
        }
        return out.toString();
    }
}
