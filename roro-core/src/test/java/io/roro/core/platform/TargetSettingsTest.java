package io.roro.core.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An administrator's target settings, as lines of VARIABLE=value: a target added later (a made-up Nomad one here)
 * is configured with no change to whoever passes the settings on, and every mistake names its line.
 */
class TargetSettingsTest {
    private static final PlatformProvider NOMAD = new PlatformProvider() {
        @Override
        public String name() {
            return "nomad";
        }

        @Override
        public List<PlatformSetting> settings() {
            return List.of(PlatformSetting.of("region", "--nomad-region", "REGION", Optional.of("NOMAD_REGION"),
                    "Nomad region.", PlatformSetting.Scope.EVERY), PlatformSetting.of("token", "--nomad-ns", "NS",
                    Optional.of("NOMAD_NAMESPACE"), "Nomad namespace.", PlatformSetting.Scope.EVERY),
                    PlatformSetting.of("datacenter", "--nomad-datacenter", "DC", Optional.empty(), "Where jobs run.",
                            PlatformSetting.Scope.BUILDS));
        }

        @Override
        public Platform open(PlatformContext context) {
            throw new UnsupportedOperationException("not needed here");
        }
    };
    private static final List<PlatformProvider> TARGETS = List.of(NOMAD);

    @Test
    void aNewTargetsDeclaredVariablesAreTakenInOrderWithCommentsAndBlankLinesSkipped() {
        Map<String, String> settings = TargetSettings.parse("# the EU cluster\nNOMAD_REGION = eu-west\n\n"
                + "NOMAD_NAMESPACE=ml=team\r\n", TARGETS, Set.of());
        assertThat(settings).containsExactly(Map.entry("NOMAD_REGION", "eu-west"),
                Map.entry("NOMAD_NAMESPACE", "ml=team"));
        assertThat(TargetSettings.parse(null, TARGETS, Set.of())).isEmpty();
    }

    @Test
    void aVariableNoTargetDeclaresIsRefusedNamingItsLineAndTheKnownOnes() {
        assertThatThrownBy(() -> TargetSettings.parse("NOMAD_REGION=eu\nNOMAD_REGOIN=us", TARGETS, Set.of()))
                .hasMessage("target settings, line 2: NOMAD_REGOIN is no target's setting (known: NOMAD_REGION,"
                        + " NOMAD_NAMESPACE)");
    }

    @Test
    void malformedEmptyTwiceOrOwnedElsewhereAreRefused() {
        assertThatThrownBy(() -> TargetSettings.parse("region eu", TARGETS, Set.of()))
                .hasMessage("target settings, line 1: 'region eu' is not VARIABLE=value");
        assertThatThrownBy(() -> TargetSettings.parse("NOMAD_REGION=", TARGETS, Set.of()))
                .hasMessage("target settings, line 1: NOMAD_REGION has no value");
        assertThatThrownBy(() -> TargetSettings.parse("NOMAD_REGION=a\nNOMAD_REGION=b", TARGETS, Set.of()))
                .hasMessage("target settings, line 2: NOMAD_REGION is set twice");
        assertThatThrownBy(() -> TargetSettings.parse("NOMAD_REGION=a", TARGETS, Set.of("NOMAD_REGION")))
                .hasMessage("target settings, line 1: NOMAD_REGION has a field of its own in this configuration;"
                        + " set it there");
    }

    @Test
    void helpListsEveryDeclaredVariableButTheOwnedOnes() {
        assertThat(TargetSettings.help(TARGETS, Set.of("NOMAD_NAMESPACE")))
                .containsExactly("NOMAD_REGION = nomad: --nomad-region (Nomad region.)");
        // the targets roro ships: the cluster's builder image has no field of its own in Jenkins, only a variable
        assertThat(TargetSettings.declared(PlatformProvider.all())).containsKey("RORO_BUILDER_IMAGE");
    }
}
