package dev.keyward.sdk;

/**
 * One security scheme of the spec, as a generated call names it: which credential of the client
 * it needs ({@code scheme}) and where that credential goes on the request.
 */
record Auth(String scheme, Kind kind, String name) {
    enum Kind { BEARER, HEADER, QUERY }

    static Auth bearer(String scheme) {
        return new Auth(scheme, Kind.BEARER, "Authorization");
    }

    static Auth header(String scheme, String header) {
        return new Auth(scheme, Kind.HEADER, header);
    }

    static Auth query(String scheme, String parameter) {
        return new Auth(scheme, Kind.QUERY, parameter);
    }
}
