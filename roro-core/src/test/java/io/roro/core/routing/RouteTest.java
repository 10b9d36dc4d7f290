package io.roro.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a backend's counterpart in the other slot is: the port its live generation also listens on. */
class RouteTest {
    private final Route route = new Route(8000, List.of(List.of(9001, 9002), List.of(9101, 9102)), 0, true);

    @Test
    void eachBackendsPortHasTheOtherSlotsPortAtItsPlace() {
        assertThat(route.otherSlotPort(9002)).contains(9102);
        assertThat(route.otherSlotPort(9101)).contains(9001);
        assertThat(route.otherSlotPort(7777)).as("not a backend's").isEmpty();
        assertThat(new Route(8000, List.of(List.of(9001, 9002), List.of(9101)), 0, true).otherSlotPort(9002))
                .as("a replica the other slot has no place for").isEmpty();
    }
}
