// The API these pages call: the only line a deployment changes (the test serves its own, naming the local stack).
var host = 'http://127.0.0.1:8000';
