//! Browser glue for the gate build: cookie jar, DOM activation, the JS API.
