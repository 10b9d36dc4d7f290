package io.roro.core.spec;

/**
 * A Python callable: {@code predict.predict} or {@code pkg.module:function}.
 *
 * @param module   dotted module path, e.g. {@code pkg.module}
 * @param function the function's name inside the module
 */
public record FunctionRef(String module, String function) {

    /** The form firefly and our serving toolkit take: {@code module.function}. */
    public String dotted() {
        return module + "." + function;
    }

    @Override
    public String toString() {
        return dotted();
    }
}
