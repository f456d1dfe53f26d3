package dev.annvil.bench.engine;

import dev.annvil.Index;
import dev.annvil.IndexHNSW;
import dev.annvil.IndexIVF;
import dev.annvil.SearchParameters;
import dev.annvil.SearchParametersHNSW;
import dev.annvil.SearchParametersIVF;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A {@link SearchKnob} made of rules "for indexes of class C, parameter P = v is {@code
 * factory.apply(v)}"; the first matching rule wins. Index classes and parameters without a rule are
 * "not supported".
 *
 * <p>To connect a family when it lands in annvil-core, add one rule to {@link #standard()}:
 *
 * <pre>{@code
 * new Rule(IndexIVF.class, "nprobe", SearchParametersIVF::new),
 * new Rule(IndexHNSW.class, "efSearch", SearchParametersHNSW::new)
 * }</pre>
 *
 * <p>Immutable and safe to share between threads. {@link Class#isInstance} is a type test, not
 * reflection over members.
 */
public final class SearchKnobs implements SearchKnob {
    /**
     * One rule.
     *
     * @param indexClass indexes this rule applies to (subclasses included)
     * @param name FAISS's parameter key
     * @param factory the parameters for a value
     */
    public record Rule(Class<? extends Index> indexClass, String name, IntFunction<SearchParameters> factory) {
        /** Checks for nulls. */
        public Rule {
            Objects.requireNonNull(indexClass, "indexClass is null");
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(factory, "factory is null");
        }
    }

    private final List<Rule> rules;

    /** A knob with these rules, tried in order. */
    public SearchKnobs(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The harness's knob: nprobe for IVF indexes, efSearch for HNSW indexes, per call. */
    public static SearchKnobs standard() {
        return new SearchKnobs(List.of(
                new Rule(IndexIVF.class, "nprobe", SearchParametersIVF::new),
                new Rule(IndexHNSW.class, "efSearch", SearchParametersHNSW::new)));
    }

    @Override
    public Optional<SearchParameters> parameters(Index index, String name, int value) {
        for (Rule r : rules) {
            if (r.indexClass().isInstance(index) && r.name().equals(name)) {
                return Optional.of(r.factory().apply(value));
            }
        }
        return Optional.empty();
    }
}
