package slackemu

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// upload is a file between files.getUploadURLExternal and files.completeUploadExternal.
type upload struct {
	id       string
	name     string
	length   int
	secret   string // the last path element of the upload URL
	content  []byte
	uploaded bool
	done     bool
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) filesGetUploadURLExternal(c *apiCall) (map[string]any, []Event, *apiError) {
	name := c.get("filename")
	length, err := strconv.Atoi(c.get("length"))
	var probs []string
	if name == "" {
		probs = append(probs, "missing required field: filename")
	}
	switch {
	case c.get("length") == "":
		probs = append(probs, "missing required field: length")
	case err != nil || length < 1:
		probs = append(probs, "must be an integer greater than 0 [json-pointer:/length]")
	}
	if len(probs) > 0 {
		return nil, nil, &apiError{code: "invalid_arguments", messages: probs}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := &upload{id: s.newIDLocked("F"), name: name, length: length, secret: randomHex(12)}
	s.uploads[u.id] = u
	return map[string]any{
		"upload_url": s.base + "/upload/v1/" + u.id + "/" + u.secret,
		"file_id":    u.id,
	}, nil, nil
}

// handleUpload takes the file bytes, raw or as multipart/form-data (any file part; a
// "filename" field is ignored), which is what Slack's upload URL accepts. slack-go's
// UploadToURL sends multipart with the bytes in a part named "file".
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	id, secret := path.Split(strings.TrimPrefix(r.URL.Path, "/upload/v1/"))
	id = strings.TrimSuffix(id, "/")
	s.mu.Lock()
	u, ok := s.uploads[id]
	valid := ok && u.secret == secret && !u.done
	s.mu.Unlock()
	if !valid {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	data, err := readUploadBody(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.faulty(w, UploadURL, func() (func(http.ResponseWriter), []Event) {
		s.mu.Lock()
		u.content, u.uploaded = data, true
		s.mu.Unlock()
		return func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, "OK - "+strconv.Itoa(len(data)))
		}, nil
	})
}

func readUploadBody(r *http.Request) ([]byte, error) {
	ctype, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if !strings.HasPrefix(ctype, "multipart/") {
		return io.ReadAll(io.LimitReader(r.Body, 1<<30))
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	var field []byte
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(p, 1<<30))
		if err != nil {
			return nil, err
		}
		if p.FileName() != "" {
			return data, nil
		}
		if p.FormName() == "file" {
			field = data
		}
	}
	if field == nil {
		return nil, io.ErrUnexpectedEOF
	}
	return field, nil
}

func (s *Server) filesCompleteUploadExternal(c *apiCall) (map[string]any, []Event, *apiError) {
	var items []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(c.get("files")), &items); err != nil || len(items) == 0 {
		return nil, nil, &apiError{code: "invalid_arguments", messages: []string{"missing required field: files"}}
	}
	s.mu.Lock()
	defer s.mu.Unlock()

	var targets []string
	if id := c.get("channel_id"); id != "" {
		targets = append(targets, id)
	}
	for _, id := range strings.Split(c.get("channels"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			targets = append(targets, id)
		}
	}
	var channels []string
	for _, t := range targets {
		id, ch, e := s.resolveChannelLocked(t)
		if e != nil {
			return nil, nil, e
		}
		if e := s.postableLocked(ch); e != nil {
			return nil, nil, e
		}
		channels = append(channels, id)
	}
	for _, it := range items {
		// A file that was never uploaded to its URL is as unknown to Slack as a made-up
		// ID.
		if u, ok := s.uploads[it.ID]; !ok || !u.uploaded || u.done {
			return nil, nil, fail("file_not_found")
		}
	}

	// Sharing posts one message per channel listing the files, with its own
	// ts; conversations.history shows it (its files are the message's).
	shareTS := map[string]string{}
	for _, ch := range channels {
		shareTS[ch] = s.nextTSLocked()
	}
	var out []map[string]any
	var evs []Event
	for _, it := range items {
		u := s.uploads[it.ID]
		u.done = true
		title := it.Title
		if title == "" {
			title = u.name
		}
		shared := channels
		if len(shared) == 0 {
			shared = []string{""}
		}
		for _, ch := range shared {
			f := File{
				ID: u.id, Name: u.name, Title: title, Channel: ch, TS: shareTS[ch], Comment: c.get("initial_comment"),
				ThreadTS: c.get("thread_ts"), Length: u.length, Content: append([]byte(nil), u.content...),
			}
			s.files = append(s.files, f)
			evs = append(evs, Event{Kind: EventFile, File: f})
		}
		mimetype := mime.TypeByExtension(path.Ext(u.name))
		if mimetype == "" {
			mimetype = http.DetectContentType(u.content)
		}
		out = append(out, map[string]any{
			"id": u.id, "title": title, "name": u.name, "size": len(u.content),
			"mimetype": mimetype, "filetype": strings.TrimPrefix(path.Ext(u.name), "."),
			"user": s.cfg.BotUserID, "created": s.cfg.Now().Unix(),
			"url_private": s.base + "/files/" + u.id + "/" + u.name,
			"is_external": false, "channels": nonNil(channels),
		})
	}
	s.notifyLocked()
	return map[string]any{"files": out}, evs, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
