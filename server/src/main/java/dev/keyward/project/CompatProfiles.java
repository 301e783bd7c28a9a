package dev.keyward.project;

/** Which seed-compatible endpoint profiles a project serves; both are off unless a tenant admin turns them on. */
public record CompatProfiles(boolean cargoExtra, boolean strapi) {
    public static final CompatProfiles NONE = new CompatProfiles(false, false);

    @Override
    public String toString() {
        return "{cargoExtra=" + cargoExtra + ", strapi=" + strapi + "}";
    }
}
