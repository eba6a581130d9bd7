// Command e2e-lb-stand-in is a load-balancer stand-in for the local e2e cluster.
//
// It watches Services of type LoadBalancer and records a fixed loopback address as
// their load-balancer ingress (status.loadBalancer.ingress = [{ip: <address>}]), the way a
// cloud controller would after provisioning a balancer. It only talks to the API server;
// it never opens a connection to the address it writes.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

func hasIngress(svc *corev1.Service, ip string) bool {
	ing := svc.Status.LoadBalancer.Ingress
	return len(ing) == 1 && ing[0].IP == ip && ing[0].Hostname == ""
}

// reconcile sets the ingress of one Service if it is a LoadBalancer lacking it.
func reconcile(ctx context.Context, cs kubernetes.Interface, svc *corev1.Service, ip string) {
	if svc.Spec.Type != corev1.ServiceTypeLoadBalancer || hasIngress(svc, ip) {
		return
	}
	updated := svc.DeepCopy()
	updated.Status.LoadBalancer.Ingress = []corev1.LoadBalancerIngress{{IP: ip}}
	if _, err := cs.CoreV1().Services(svc.Namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{}); err != nil {
		log.Printf("update status of %s/%s: %v", svc.Namespace, svc.Name, err)
		return
	}
	log.Printf("set load-balancer ingress of %s/%s to %s", svc.Namespace, svc.Name, ip)
}

// syncOnce lists every Service, reconciles them, then follows a watch from that point
// until it ends; it returns the error that ended it.
func syncOnce(ctx context.Context, cs kubernetes.Interface, ip string) error {
	list, err := cs.CoreV1().Services("").List(ctx, metav1.ListOptions{})
	if err != nil {
		return fmt.Errorf("list services: %w", err)
	}
	for i := range list.Items {
		reconcile(ctx, cs, &list.Items[i], ip)
	}
	w, err := cs.CoreV1().Services("").Watch(ctx, metav1.ListOptions{
		ResourceVersion: list.ResourceVersion, AllowWatchBookmarks: true,
	})
	if err != nil {
		return fmt.Errorf("watch services: %w", err)
	}
	defer w.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case ev, ok := <-w.ResultChan():
			if !ok {
				return fmt.Errorf("watch closed")
			}
			switch ev.Type {
			case watch.Added, watch.Modified:
				if svc, ok := ev.Object.(*corev1.Service); ok {
					reconcile(ctx, cs, svc, ip)
				}
			case watch.Error:
				return fmt.Errorf("watch error: %v", ev.Object)
			}
		}
	}
}

func main() {
	kubeconfig := flag.String("kubeconfig", os.Getenv("KUBECONFIG"), "path to the kubeconfig file")
	ip := flag.String("ingress-ip", "127.0.0.1", "address to record as every LoadBalancer's ingress")
	flag.Parse()
	if net.ParseIP(*ip) == nil {
		log.Fatalf("--ingress-ip %q is not an IP address", *ip)
	}

	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatalf("load kubeconfig: %v", err)
	}
	cfg.UserAgent = "e2e-lb-stand-in"
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		log.Fatalf("client: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	for ctx.Err() == nil {
		if err := syncOnce(ctx, cs, *ip); err != nil && ctx.Err() == nil {
			log.Printf("%v; retrying", err)
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}
}
