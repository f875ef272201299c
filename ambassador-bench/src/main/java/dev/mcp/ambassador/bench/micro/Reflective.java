package dev.mcp.ambassador.bench.micro;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Builds a server component the way Spring does, through its one constructor (or the one marked
 * {@code @Autowired}), though that constructor is package-private: each parameter gets the first of the given values that fits its
 * type. A constructor that asks for something not given fails loudly, naming it, so a benchmark
 * never silently measures a half-built component.
 */
final class Reflective {

    private Reflective() {}

    static Object construct(String className, List<Object> available) {
        try {
            Class<?> type = Class.forName(className);
            Constructor<?>[] constructors = type.getDeclaredConstructors();
            Constructor<?> constructor;
            if (constructors.length == 1) {
                constructor = constructors[0];
            } else {
                constructor = Arrays.stream(constructors)
                        .filter(candidate -> candidate.isAnnotationPresent(Autowired.class))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException(className + " has " + constructors.length
                                + " constructors and none is the one Spring uses (@Autowired)"));
            }
            List<Object> arguments = new ArrayList<>();
            for (Class<?> parameter : constructor.getParameterTypes()) {
                arguments.add(available.stream()
                        .filter(parameter::isInstance)
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException(className + " now also needs a "
                                + parameter.getName() + "; teach the benchmark to supply one")));
            }
            constructor.setAccessible(true);
            return constructor.newInstance(arguments.toArray());
        } catch (ClassNotFoundException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("Cannot build " + className, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Cannot build " + className, e.getCause());
        }
    }
}
