package dash

// cacheSize bounds the communities a cache of the dashboard keeps.
const cacheSize = 16
