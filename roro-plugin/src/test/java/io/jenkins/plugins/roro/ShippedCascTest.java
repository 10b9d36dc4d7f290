package io.jenkins.plugins.roro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roro.core.RoroVersion;
import java.util.List;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud;
import org.csanchez.jenkins.plugins.kubernetes.PodTemplate;
import org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The jenkins-casc/jenkins.yaml users get, loaded as it is shipped into a real Jenkins with the plugins of
 * plugins.txt: roro's configuration, the Kubernetes cloud with a template per profile running as roro-agent, the
 * credentials, and the seed job's multibranch project.
 */
@WithJenkins
class ShippedCascTest {
    @Test
    void theShippedFileConfiguresRoroTheCloudAndTheSeedJob(JenkinsRule j) throws Exception {
        ShippedCasc.load();
        RoroConfiguration roro = RoroConfiguration.get();
        assertEquals("mongodb://mongo-0.mongo.ml.svc:27017/roro?authSource=roro", roro.getMongoUri());
        assertEquals("kubernetes", roro.getDefaultTarget());
        assertEquals("kaniko", roro.getBuilder());
        assertEquals("registry.example.com/ml/roro-agent:" + RoroVersion.get(), roro.getAgentImage());

        KubernetesCloud cloud = assertInstanceOf(KubernetesCloud.class, j.jenkins.clouds.getByName("kubernetes"));
        List<PodTemplate> templates = cloud.getTemplates();
        assertEquals(List.of("roro-small", "roro-gpu"), templates.stream().map(PodTemplate::getName).toList());
        for (PodTemplate template : templates) {
            assertEquals("roro-agent", template.getServiceAccount());
            assertTrue(template.getYaml().contains("registry.example.com/ml/roro-agent:" + RoroVersion.get()),
                    template.getYaml());
        }
        assertTrue(templates.get(0).getLabel().contains(roro.getAgentLabel()), "steps and retrain jobs find it");

        assertInstanceOf(WorkflowMultiBranchProject.class, j.jenkins.getItem("credit-risk"));
    }
}
