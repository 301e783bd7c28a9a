package dev.keyward.codegen;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Golden-file tests: the fixture spec must generate exactly the checked-in sources. After an
 * intended change to the output, run with {@code -Dcodegen.updateGolden=true} and review the diff.
 */
class GeneratorTest {
    private static final Path FIXTURE = Path.of("src/test/resources/fixture");
    private static final Path EXPECTED = FIXTURE.resolve("expected");

    private static Map<String, String> generateFixture() throws IOException {
        return new Generator("com.example.api", "com.example.api.model")
                .generate(Files.readString(FIXTURE.resolve("spec.yaml"))).stream()
                .collect(Collectors.toMap(SourceFile::path, SourceFile::content, (a, b) -> a, TreeMap::new));
    }

    @Test
    void theFixtureSpecGeneratesExactlyTheCheckedInSources() throws IOException {
        Map<String, String> generated = generateFixture();
        if (Boolean.getBoolean("codegen.updateGolden")) {
            writeAll(EXPECTED, generated);
        }
        Map<String, String> expected = readAll(EXPECTED);
        assertThat(generated.keySet()).containsExactlyElementsOf(expected.keySet());
        generated.forEach((path, content) -> assertThat(content).as(path).isEqualTo(expected.get(path)));
    }

    @Test
    void theGeneratedSourcesCompileAgainstTheRuntimeTheyExpect(@TempDir Path dir) throws IOException {
        writeAll(dir.resolve("src"), generateFixture());
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Stream.concat(Files.walk(dir.resolve("src")), Files.walk(FIXTURE.resolve("runtime-stubs")))) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toString()));
        }
        String classpath = jarOf(JsonInclude.class) + java.io.File.pathSeparator + jarOf(TypeReference.class);
        List<String> args = new ArrayList<>(List.of("-d", dir.resolve("classes").toString(), "-cp", classpath,
                "--release", "17", "-Xlint:all", "-Werror"));
        args.addAll(sources);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertThat(status).as(errors.toString()).isZero();
    }

    @Test
    void recordsKeepTheSchemasPropertyOrderAndMergeAllOf() throws IOException {
        String pet = generateFixture().get("com/example/api/model/Pet.java");
        assertThat(pet).containsSubsequence("String name", "String kind", "Double weight",
                "OffsetDateTime born", "Boolean default_", "List<Integer> xFlags", "PetVet vet",
                "Map<String, Object> extra", "Map<String, Named> scores");
    }

    @Test
    void aMethodWithOptionalParametersAlsoComesWithoutThem() throws IOException {
        String pets = generateFixture().get("com/example/api/PetsApi.java");
        assertThat(pets).contains("public Pet getPet(String petId, List<String> include, String xTraceId) {",
                "public Pet getPet(String petId) {\n        return getPet(petId, null, null);\n    }");
        assertThat(pets).as("only required parameters: one method").containsOnlyOnce("listPets(");
    }

    @Test
    void anOperationWithoutOperationIdIsRefusedWithItsLocation() {
        String spec = """
                openapi: 3.0.3
                info: { title: t, version: '1' }
                paths:
                  /things:
                    get:
                      responses: { '204': { description: ok } }
                """;
        assertThatThrownBy(() -> new Generator("a", "a.m").generate(spec))
                .isInstanceOf(SpecException.class).hasMessageContaining("GET /things has no operationId");
    }

    @Test
    void aDuplicateOperationIdIsRefused() {
        String spec = """
                openapi: 3.0.3
                info: { title: t, version: '1' }
                paths:
                  /a: { get: { operationId: read, responses: { '204': { description: ok } } } }
                  /b: { get: { operationId: read, responses: { '204': { description: ok } } } }
                """;
        assertThatThrownBy(() -> new Generator("a", "a.m").generate(spec))
                .isInstanceOf(SpecException.class).hasMessageContaining("'read' is used twice");
    }

    @Test
    void externalReferencesAndUnknownSecuritySchemesAreRefused() {
        String external = """
                openapi: 3.0.3
                info: { title: t, version: '1' }
                paths:
                  /a:
                    get:
                      operationId: read
                      responses:
                        '200':
                          description: ok
                          content: { application/json: { schema: { $ref: 'other.yaml#/Thing' } } }
                """;
        assertThatThrownBy(() -> new Generator("a", "a.m").generate(external))
                .isInstanceOf(SpecException.class).hasMessageContaining("only local $refs");
        String basic = """
                openapi: 3.0.3
                info: { title: t, version: '1' }
                components: { securitySchemes: { b: { type: http, scheme: basic } } }
                paths:
                  /a: { get: { operationId: read, security: [ { b: [] } ], responses: { '204': { description: ok } } } }
                """;
        assertThatThrownBy(() -> new Generator("a", "a.m").generate(basic))
                .isInstanceOf(SpecException.class).hasMessageContaining("'b' (http) is not supported");
    }

    @Test
    void namesBecomeJavaIdentifiers() {
        assertThat(Names.typeName("otp-policy")).isEqualTo("OtpPolicy");
        assertThat(Names.memberName("X-Request-Id")).isEqualTo("xRequestId");
        assertThat(Names.memberName("class")).isEqualTo("class_");
        assertThat(Names.memberName("2fa")).isEqualTo("_2fa");
        assertThat(Names.literal("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readAll(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        }
        return out;
    }

    private static void writeAll(Path root, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path target = root.resolve(e.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, e.getValue());
        }
    }
}
