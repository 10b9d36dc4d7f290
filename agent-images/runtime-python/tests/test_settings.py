import unittest

from roro_runtime import settings


class SettingsTest(unittest.TestCase):
    def test_the_environment_roro_writes_is_read_typed(self):
        given = settings.Settings.from_environ({"RORO_TIMEOUT_S": "2.5", "RORO_BATCH_MAX_SIZE": "16",
                                                "RORO_FUNCTION": "predict.predict", "RORO_MODEL_DIR": "/m"})
        self.assertEqual(2.5, given.timeout_s)
        self.assertEqual(16, given.batch_max_size)
        self.assertEqual("predict.predict", given.function)
        self.assertEqual("/m", given.model_dir)

    def test_outside_roro_files_are_the_projects_output_and_no_version_is_served(self):
        given = settings.Settings.from_environ({})
        self.assertEqual(("output", "output", "none", 60.0), (given.output_dir, given.model_dir,
                                                            given.model_version, given.timeout_s))

    def test_a_value_that_is_not_its_type_is_refused_naming_the_variable(self):
        with self.assertRaises(settings.SettingsError) as refused:
            settings.Settings.from_environ({"RORO_BATCH_MAX_SIZE": "sixteen"})
        self.assertEqual("RORO_BATCH_MAX_SIZE is a whole number, not 'sixteen'", str(refused.exception))
        with self.assertRaises(ValueError):  # a SettingsError is a ValueError for code that catches those
            settings.Settings.from_environ({"RORO_TIMEOUT_S": "soon"})

    def test_every_setting_has_one_variable(self):
        self.assertEqual(len(settings.NAMES), len(set(settings.NAMES)))
        self.assertEqual(len(settings.NAMES), len(settings.Settings.from_environ({}).as_dict()))


if __name__ == "__main__":
    unittest.main()
