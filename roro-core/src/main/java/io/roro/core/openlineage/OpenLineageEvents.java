package io.roro.core.openlineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.InputDataset;
import io.openlineage.client.OpenLineage.OutputDataset;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClient;
import io.roro.core.RoroVersion;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.LineageIds;
import io.roro.core.lineage.store.LineageListener;
import io.roro.core.contract.LineageRef;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Quarantine;
import io.roro.core.contract.TrainingRun;
import io.roro.core.contract.TrainingState;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * roro's lineage as OpenLineage run events, sent through the official client as each record is written: a
 * training is a run of job {@code PROJECT.train.TASK} (START, then COMPLETE, FAIL or ABORT) reading its dataset
 * version; a publish is a run of {@code MODEL.publish} (COMPLETE) reading that dataset and writing the model
 * version, its parent the training; a deployment change is a run of {@code PROJECT.serve.SERVICE} (COMPLETE)
 * reading the model version it serves. Datasets are named {@code datasets/MODEL/NAME} and {@code models/MODEL} in
 * namespace {@value #NAMESPACE}, each with its version facet; run ids are derived from roro's ids, so the events
 * of one training share one run.
 */
public final class OpenLineageEvents implements LineageListener {
    /** The namespace of roro's jobs and datasets. */
    public static final String NAMESPACE = "roro";

    private static final Logger LOG = Logger.getLogger(OpenLineageEvents.class.getName());

    private final OpenLineageClient client;
    private final OpenLineage events = new OpenLineage(URI.create("https://github.com/roro-pipeline/roro/tree/"
            + RoroVersion.get()));

    public OpenLineageEvents(OpenLineageClient client) {
        this.client = client;
    }

    @Override
    public void trainingStarted(TrainingRun training) {
        client.emit(trainingEvent(training, EventType.START));
    }

    @Override
    public void trainingEnded(TrainingRun training) {
        EventType type = training.state() == TrainingState.FINISHED ? EventType.COMPLETE
                : training.state() == TrainingState.CANCELLED ? EventType.ABORT : EventType.FAIL;
        client.emit(trainingEvent(training, type));
    }

    @Override
    public void versionPublished(ModelVersion version) {
        OpenLineage.RunFacetsBuilder facets = events.newRunFacetsBuilder();
        version.training().ifPresent(training -> facets.parent(events.newParentRunFacetBuilder()
                .run(events.newParentRunFacetRun(runId("training", training), null))
                .job(events.newParentRunFacetJob(NAMESPACE, trainJob(training), null)).build()));
        client.emit(events.newRunEventBuilder().eventType(EventType.COMPLETE).eventTime(now())
                .run(events.newRun(runId("version", version.id()), facets.build()))
                .job(events.newJob(NAMESPACE, version.model() + ".publish", null))
                .inputs(version.dataset().map(this::dataset).stream().toList())
                .outputs(List.of(model(version.id()))).build());
    }

    @Override
    public void deploymentRecorded(DeploymentEvent event) {
        client.emit(events.newRunEventBuilder().eventType(EventType.COMPLETE).eventTime(now())
                .run(events.newRun(runId("deployment", event.project() + ":" + event.service() + "#"
                        + event.revision()), null))
                .job(events.newJob(NAMESPACE, event.project() + ".serve." + event.service(), null))
                .inputs(event.modelVersion().map(this::modelInput).stream().toList())
                .outputs(List.of(events.newOutputDatasetBuilder().namespace(NAMESPACE)
                        .name("deployments/" + event.project() + "/" + event.service())
                        .facets(events.newDatasetFacetsBuilder().version(events.newDatasetVersionDatasetFacet(
                                Long.toString(event.revision()))).build()).build()))
                .build());
    }

    /**
     * A quarantine (or its lifting) as a run of job {@code roro.quarantine} (COMPLETE) reading what it took out of
     * use, so a catalog shows the incident beside the data; its reason is the run's error message facet.
     */
    @Override
    public void quarantineChanged(Quarantine quarantine) {
        LineageRef ref = LineageRef.parse(quarantine.ref());
        List<InputDataset> inputs = switch (ref.kind()) {
            case DATASET -> List.of(dataset(ref.id()));
            case MODEL_VERSION -> List.of(modelInput(ref.id()));
            default -> List.of(events.newInputDatasetBuilder().namespace(NAMESPACE).name(ref.format()).build());
        };
        OpenLineage.RunFacets facets = events.newRunFacetsBuilder().errorMessage(events.newErrorMessageRunFacet(
                (quarantine.active() ? "quarantined: " : "quarantine lifted: ") + quarantine.reason(), "roro", null))
                .build();
        client.emit(events.newRunEventBuilder().eventType(EventType.COMPLETE).eventTime(now())
                .run(events.newRun(runId("quarantine", quarantine.ref() + "@" + quarantine.at()
                        + quarantine.lifted().map(l -> "/" + l).orElse("")), facets))
                .job(events.newJob(NAMESPACE, "roro.quarantine", null)).inputs(inputs).outputs(List.of()).build());
    }

    private OpenLineage.RunEvent trainingEvent(TrainingRun training, EventType type) {
        return events.newRunEventBuilder().eventType(type).eventTime(now())
                .run(events.newRun(runId("training", training.id()), null))
                .job(events.newJob(NAMESPACE, trainJob(training.id()), null))
                .inputs(training.dataset().map(this::dataset).stream().toList())
                .outputs(List.of()).build();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "cannot close the OpenLineage client", e);
        }
    }

    /** {@code PROJECT.train.TASK} of a training id {@code PROJECT:TASK-N}. */
    private static String trainJob(String trainingId) {
        String[] parts = LineageIds.split(trainingId, "training");
        return parts[0] + ".train." + parts[1].replaceAll("-\\d+$", "");
    }

    /** A dataset version {@code MODEL:NAME:VERSION} as an input. */
    private InputDataset dataset(String datasetId) {
        String[] parts = datasetId.split(":");
        String version = parts.length > 2 ? parts[2] : "";
        return events.newInputDatasetBuilder().namespace(NAMESPACE).name("datasets/" + parts[0] + "/" + parts[1])
                .facets(events.newDatasetFacetsBuilder().version(events.newDatasetVersionDatasetFacet(version))
                        .build()).build();
    }

    private InputDataset modelInput(String versionId) {
        String[] parts = LineageIds.split(versionId, "model version");
        return events.newInputDatasetBuilder().namespace(NAMESPACE).name("models/" + parts[0])
                .facets(events.newDatasetFacetsBuilder().version(events.newDatasetVersionDatasetFacet(parts[1]))
                        .build()).build();
    }

    private OutputDataset model(String versionId) {
        String[] parts = LineageIds.split(versionId, "model version");
        return events.newOutputDatasetBuilder().namespace(NAMESPACE).name("models/" + parts[0])
                .facets(events.newDatasetFacetsBuilder().version(events.newDatasetVersionDatasetFacet(parts[1]))
                        .build()).build();
    }

    /** The same id for every event of one roro record (a training's START and COMPLETE share a run). */
    static UUID runId(String kind, String id) {
        return UUID.nameUUIDFromBytes((kind + "/" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static ZonedDateTime now() {
        return ZonedDateTime.now(ZoneOffset.UTC);
    }

    /** A listener of this environment's OpenLineage settings, empty when there are none. */
    public static Optional<LineageListener> of(Map<String, String> environment) {
        return OpenLineageSettings.client(environment).map(OpenLineageEvents::new);
    }
}
