import './styles.css';

// The page is static until the dashboard lands; mark it ready so UI tests
// can wait for the bundle to have run.
document.documentElement.dataset.ready = 'true';
