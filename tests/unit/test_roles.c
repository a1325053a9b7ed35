/* Unit tests for role detection by path: which files are tests. A file under tests is
 * judged only by rules scoped to tests, so a miss here reports test apps as production. */
#include "check.h"
#include "servelint/roles.h"

static void test_test_paths(void) {
  CHECK(sl_roles_is_test_path("tests/test_api.py"));
  CHECK(sl_roles_is_test_path("pkg/unit_tests/helpers.py"));
  CHECK(sl_roles_is_test_path("test_app/server.py"));
  CHECK(sl_roles_is_test_path("api/app_test.py"));
  CHECK(sl_roles_is_test_path("conftest.py"));
  /* Django's per-app tests module; a try-out script beside the code */
  CHECK(sl_roles_is_test_path("predictor/tests.py"));
  CHECK(sl_roles_is_test_path("backend/research/test.py"));
  /* the same words joined with '-' */
  CHECK(sl_roles_is_test_path("security/tests-integration/integration_app.py"));
  CHECK(sl_roles_is_test_path("runtimes/alibi-explain/tests_alibi_explain/helpers/tf_model.py"));
  CHECK(sl_roles_is_test_path("integration-tests/app.py"));
  CHECK(sl_roles_is_test_path("test-fixtures/server.py"));
  /* production code whose names merely contain the letters */
  CHECK(!sl_roles_is_test_path("contest/app.py"));
  CHECK(!sl_roles_is_test_path("attestation/server.py"));
  CHECK(!sl_roles_is_test_path("latest-tests.py"));
  CHECK(!sl_roles_is_test_path("app/testimonials.py"));
  CHECK(!sl_roles_is_test_path("app/contest.py"));
  CHECK(!sl_roles_is_test_path("app/latest.py"));
}

int main(void) {
  test_test_paths();
  return sl_check_exit();
}
