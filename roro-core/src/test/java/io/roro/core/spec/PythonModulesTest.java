package io.roro.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonModulesTest {
    @TempDir
    Path root;

    @Test
    void aModuleThatIsNotThereIsNamedWithTheFileLookedFor() throws Exception {
        Files.writeString(root.resolve("predict.py"), "def predict(x):\n    return x\n");
        assertThat(PythonModules.check(root, new FunctionRef("predictor", "predict"))).contains("'predictor.predict':"
                + " there is no predictor.py (nor predictor/__init__.py) in the project directory; did you mean"
                + " predict.py?");
        assertThat(PythonModules.check(root, new FunctionRef("app.api", "serve"))).contains("'app.api.serve': there"
                + " is no app/api.py (nor app/api/__init__.py) in the project directory");
    }

    @Test
    void aFunctionTheModuleDoesNotDefineIsNamedWithWhatItDoes() throws Exception {
        Files.writeString(root.resolve("predict.py"), "import os\nFEATURES = ('a', 'b')\n\n"
                + "def predict(income):\n    def predikt():\n        pass\n    return 1\n\nasync def score(x):\n    pass\n");
        assertThat(PythonModules.check(root, new FunctionRef("predict", "predict"))).isEmpty();
        assertThat(PythonModules.check(root, new FunctionRef("predict", "score"))).isEmpty();
        // a nested def is not the module's
        assertThat(PythonModules.check(root, new FunctionRef("predict", "predikt"))).contains("'predict.predikt':"
                + " predict.py defines no `predikt` at its top level (it defines os, FEATURES, predict, score); did"
                + " you mean predict.predict?");
    }

    @Test
    void namesBoundByImportsPackagesAndInstalledModulesAreFound() throws Exception {
        Files.createDirectories(root.resolve("svc"));
        Files.writeString(root.resolve("svc/__init__.py"), "from .model import predict as answer, load\n");
        assertThat(PythonModules.check(root, new FunctionRef("svc", "answer"))).isEmpty();
        assertThat(PythonModules.check(root, new FunctionRef("svc", "load"))).isEmpty();
        Files.writeString(root.resolve("star.py"), "from svc.model import *\n");
        assertThat(PythonModules.check(root, new FunctionRef("star", "anything"))).isEmpty(); // text cannot tell
        Files.writeString(root.resolve("requirements.txt"), "scikit-learn==1.2\nmy_models>=2 ; python_version>'3'\n");
        assertThat(PythonModules.check(root, new FunctionRef("my_models.api", "predict"))).isEmpty();
        assertThat(PythonModules.topLevel(List.of("x: int = 3", "if x == 2:", "    y = 1", "class Model:")).names())
                .containsExactly("x", "Model");
        // a name far from every def is not guessed at (imports are not suggested)
        Files.writeString(root.resolve("m.py"), "import os\n\ndef init():\n    pass\n");
        assertThat(PythonModules.check(root, new FunctionRef("m", "nope"))).contains("'m.nope': m.py defines no"
                + " `nope` at its top level (it defines os, init)");
    }
}
