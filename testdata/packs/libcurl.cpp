// riskgate-test-rules: n-plus-one
// libcurl against the real <curl/curl.h> (libcurl4-openssl-dev).
#include <curl/curl.h>

#include <string>
#include <vector>

void fetch_each_bad(CURL *h, const std::vector<std::string> &urls) {
  for (const std::string &u : urls) { // expect-note: {{loop here}}
    curl_easy_setopt(h, CURLOPT_URL, u.c_str());
    curl_easy_perform(h); // expect: n-plus-one high {{'curl_easy_perform' runs a remote call}}
  }
}

int retry_ok(CURL *h) {
  CURLcode rc = CURLE_OK;
  for (int attempt = 0; attempt < 3; ++attempt) {
    rc = curl_easy_perform(h);
    if (rc == CURLE_OK)
      break;
  }
  return rc;
}

// Driving queued transfers: iteration, not a request per turn.
void multi_ok(CURLM *m) {
  int running = 1;
  while (running) {
    curl_multi_perform(m, &running);
    curl_multi_poll(m, nullptr, 0, 1000, nullptr);
  }
}
